// node:test: see suite.ts.
import { describe, it } from "node:test";
import { defineSuite } from "./suite.ts";

defineSuite(describe, it);
