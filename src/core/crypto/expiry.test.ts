import { describe, expect, it } from "vitest";
import { EXPIRY_WARNING_DAYS, expiryState } from "./expiry.js";

describe("expiryState", () => {
  it("warns with 30 days or fewer left, and says expired below 0", () => {
    expect(EXPIRY_WARNING_DAYS).toBe(30);
    expect(expiryState(31)).toBe("ok");
    expect(expiryState(30)).toBe("soon");
    expect(expiryState(0)).toBe("soon");
    expect(expiryState(-1)).toBe("expired");
  });
});
