// @vitest-environment node
import { describe, expect, it } from "vitest";
import en from "./en";
import es from "./es";
import fr from "./fr";
import { format } from "./index";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("translations", () => {
  for (const [name, messages] of Object.entries({ es, fr })) {
    it(`${name} translates every English message, with the same placeholders`, () => {
      expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(en)) {
        const translated = messages[key as keyof typeof en];
        expect(translated, key).toBeTruthy();
        expect(placeholders(translated), key).toEqual(placeholders(text));
      }
    });
  }
});

describe("format", () => {
  it("fills placeholders and leaves unknown ones", () => {
    expect(format("{shown} of {total}", { shown: 3, total: 10 })).toBe("3 of 10");
    expect(format("Hello {name}", {})).toBe("Hello {name}");
  });
});
