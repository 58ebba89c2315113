// A small typed i18n: English is bundled, other languages load on demand. Every language file
// is typed by the English keys, so a missing translation fails the type check.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import en, { type MessageKey, type Messages } from "./en";

export const LANGUAGES = [
  { value: "en", label: "English" },
  { value: "es", label: "Español" },
  { value: "fr", label: "Français" },
] as const;
export type Language = (typeof LANGUAGES)[number]["value"];
export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

const loaders: Record<Language, () => Promise<Messages>> = {
  en: async () => en,
  es: async () => (await import("./es")).default,
  fr: async () => (await import("./fr")).default,
};
const STORAGE_KEY = "rr.language";

export function format(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
}

function initialLanguage(): Language {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  const wanted = stored ?? globalThis.navigator?.language?.slice(0, 2) ?? "en";
  return LANGUAGES.some((l) => l.value === wanted) ? (wanted as Language) : "en";
}

type Ctx = { language: Language; setLanguage: (l: Language) => void; t: Translate; locale: string };
const I18nContext = createContext<Ctx | null>(null);

export function I18nProvider({ children, language: fixed }: { children: ReactNode; language?: Language }) {
  const [language, setLanguageState] = useState<Language>(fixed ?? initialLanguage);
  const [messages, setMessages] = useState<Messages>(en);

  useEffect(() => {
    let live = true;
    void loaders[language]().then((m) => live && setMessages(m));
    document.documentElement.lang = language;
    return () => {
      live = false;
    };
  }, [language]);

  const setLanguage = useCallback((l: Language) => {
    globalThis.localStorage?.setItem(STORAGE_KEY, l);
    setLanguageState(l);
  }, []);
  const t = useCallback<Translate>((key, vars) => format(messages[key] ?? en[key] ?? key, vars), [messages]);
  const value = useMemo(() => ({ language, setLanguage, t, locale: language }), [language, setLanguage, t]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): Ctx {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error("useI18n outside I18nProvider");
  return ctx;
}

export function useT(): Translate {
  return useI18n().t;
}
