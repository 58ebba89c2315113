// @vitest-environment node
import { describe, expect, it } from "vitest";
import { format, type Translate } from "../../i18n";
import en from "../../i18n/en";
import fr from "../../i18n/fr";
import { describeRule } from "./seriesRule";

const english: Translate = (key, vars) => format(en[key], vars);
const french: Translate = (key, vars) => format(fr[key], vars);

describe("a stored rule in words", () => {
  it("says the frequency, the days and the end", () => {
    expect(describeRule("FREQ=WEEKLY;COUNT=4", english, "en")).toBe("Every week, 4 times");
    expect(describeRule("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;UNTIL=20300630T215959Z", english, "en")).toBe("Every 2 weeks on Monday and Wednesday, until Jun 30, 2030");
    expect(describeRule("DTSTART:20300101T090000Z\nRRULE:FREQ=DAILY;COUNT=3", english, "en")).toBe("Every day, 3 times");
  });
  it("speaks the reader's language", () => {
    expect(describeRule("FREQ=WEEKLY;BYDAY=TU;COUNT=10", french, "fr")).toBe("Chaque semaine le mardi, 10 fois");
  });
  it("shows a rule it cannot put in words as it is", () => {
    expect(describeRule("FREQ=HOURLY;COUNT=3", english, "en")).toBe("FREQ=HOURLY;COUNT=3");
  });
});
