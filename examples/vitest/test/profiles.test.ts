// Run from this folder: npx vitest run (see README.md). The second test hangs; vitest's timeout
// message then shows which await it is stuck on.
import { strict as assert } from "node:assert";
import { describe, it } from "vitest";
import { Pool } from "../src/pool";
import { Orders, Profiles, Users } from "../src/profiles";

function profiles(): Profiles {
  const ada = { id: 1, name: "Ada" };
  const pool = new Pool(1, (sql, params) => (sql.includes("from users") && params[0] === 1 ? [ada] : []));
  return new Profiles(new Users(pool), new Orders(pool));
}

describe("Profiles", () => {
  it("loads the profile of a known user", async () => {
    const p = await profiles().load(1);
    assert.equal(p.user?.name, "Ada");
  });

  it("loads the profile of an unknown user", async () => {
    const p = await profiles().load(404);
    assert.equal(p.user, undefined);
  }, 500);
});
