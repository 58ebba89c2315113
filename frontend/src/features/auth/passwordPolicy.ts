// The auth service's password policy, checked as the user types, plus a strength estimate.
// The server stays the judge: its 422 messages are shown next to the field as well.

export type Rule = "length" | "upper" | "lower" | "digit" | "special" | "username";
export type RuleCheck = { rule: Rule; ok: boolean };
export const MIN_LENGTH = 10;
const SPECIAL = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~\s]/;

export function checkRules(password: string, username: string, minLength = MIN_LENGTH): RuleCheck[] {
  return [
    { rule: "length", ok: password.length >= minLength && password.length <= 128 },
    { rule: "upper", ok: /\p{Lu}/u.test(password) },
    { rule: "lower", ok: /\p{Ll}/u.test(password) },
    { rule: "digit", ok: /\d/.test(password) },
    { rule: "special", ok: SPECIAL.test(password) },
    { rule: "username", ok: !username || !password.toLowerCase().includes(username.toLowerCase()) },
  ];
}

const COMMON = ["password", "qwerty", "123456", "letmein", "welcome", "admin", "iloveyou", "abc123", "monkey", "dragon"];

/** 0 (very weak) … 4 (strong): rules met, length, variety, and no obvious patterns. */
export function strength(password: string, username: string, minLength = MIN_LENGTH): 0 | 1 | 2 | 3 | 4 {
  if (!password) return 0;
  const checks = checkRules(password, username, minLength);
  const met = checks.filter((c) => c.ok).length;
  let score = met <= 3 ? 0 : met <= 5 ? 1 : 2;
  if (password.length >= minLength + 4) score += 1;
  if (password.length >= minLength && new Set(password).size >= Math.min(12, password.length * 0.75)) score += 1;
  const lower = password.toLowerCase();
  if (COMMON.some((w) => lower.includes(w)) || /(.)\1{2,}/.test(password) || /(0123|1234|2345|3456|abcd|bcde)/i.test(password)) score -= 1;
  if (!checks.every((c) => c.ok)) score = Math.min(score, 1);
  return Math.max(0, Math.min(4, score)) as 0 | 1 | 2 | 3 | 4;
}
