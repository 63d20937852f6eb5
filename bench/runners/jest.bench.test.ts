// jest (globals): see suite.ts.
import { defineSuite } from "./suite";

defineSuite(describe, it);
