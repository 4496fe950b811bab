import { describe, expect, it } from "vitest";
import { CLOUD_BASE_URL, CLOUDGOV_BASE_URL, resolveBaseUrl } from "../../../src/cli/credentials/resolve-base-url.js";

describe("resolveBaseUrl", () => {
  it("uses --base-url when given", () => {
    expect(resolveBaseUrl("http://localhost:1", { MONGODB_ATLAS_OPS_MANAGER_URL: "http://om:8080" }, "ops-manager")).toBe("http://localhost:1");
  });

  it("defaults to MongoDB Cloud for Atlas and Cloud Manager", () => {
    expect(resolveBaseUrl(undefined, {}, "atlas")).toBe(CLOUD_BASE_URL);
    expect(resolveBaseUrl(undefined, { MONGODB_ATLAS_OPS_MANAGER_URL: "http://om:8080" }, "cloud-manager")).toBe(CLOUD_BASE_URL);
  });

  it("reads MONGODB_ATLAS_OPS_MANAGER_URL for Ops Manager", () => {
    expect(resolveBaseUrl(undefined, { MONGODB_ATLAS_OPS_MANAGER_URL: "http://om:8080" }, "ops-manager")).toBe("http://om:8080");
  });

  it("goes to Atlas for Government when MONGODB_ATLAS_SERVICE is cloudgov, and refuses an unknown service", () => {
    expect(resolveBaseUrl(undefined, { MONGODB_ATLAS_SERVICE: "cloudgov" }, "atlas")).toBe(CLOUDGOV_BASE_URL);
    expect(resolveBaseUrl(undefined, { MONGODB_ATLAS_SERVICE: "cloud" }, "atlas-v1")).toBe(CLOUD_BASE_URL);
    expect(() => resolveBaseUrl(undefined, { MONGODB_ATLAS_SERVICE: "moon" }, "atlas")).toThrow("must be cloud or cloudgov");
    expect(() => resolveBaseUrl(undefined, { MONGODB_ATLAS_SERVICE: "cloudgov" }, "cloud-manager")).toThrow("no Cloud Manager API");
  });

  it("refuses Ops Manager without a URL, and a variable holding a URL with a password without quoting it", () => {
    expect(() => resolveBaseUrl(undefined, {}, "ops-manager")).toThrow("--api ops-manager needs --base-url, MONGODB_ATLAS_OPS_MANAGER_URL or ops_manager_url in the profile");
    const run = () => resolveBaseUrl(undefined, { MONGODB_ATLAS_OPS_MANAGER_URL: "http://admin:hunter2@om" }, "ops-manager");
    expect(run).toThrow("MONGODB_ATLAS_OPS_MANAGER_URL must not hold credentials");
    expect(run).not.toThrow(/hunter2/);
  });
});
