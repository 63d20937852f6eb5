/**
 * What this copy puts on the process-wide object besides sharing (process-global.ts), loaded when
 * the copy publishes itself: the dump that `await-tree dump` evaluates, and room for the
 * integrations' needs (functions in `extras`, start-up in `onPublished`, run once, only by the copy
 * that is the realm's runtime).
 */
import { dump } from "./api/dump";
import type { ProcessServices } from "./process-global";

export const services: ProcessServices = { dump };
