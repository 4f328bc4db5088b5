/**
 * Whether a message the router could not place is written in another language the bot's users
 * are likely to try (Spanish, French, German, Portuguese, Italian), so the reply can say in that
 * language that the bot only speaks English, instead of "that's not something I can help with".
 *
 * Counted common words, not a statistical detector: the ones on npm (franc, tinyld) were tried
 * and are wrong on exactly the short messages a chat gets ("stop emailing me" came out Spanish,
 * "hello" Italian). Every word here is a function word or greeting of its language that is not an
 * English word; two of them, or a greeting alone, are enough.
 */
export type OtherLanguage = 'es' | 'fr' | 'de' | 'pt' | 'it';

const WORDS: Record<OtherLanguage, ReadonlySet<string>> = {
  es: new Set('hola gracias necesito ayuda quiero tengo funciona impresora computadora ordenador teléfono telefono está estoy puedo puede hablar cuenta correo pero porque cómo qué buenos buenas días dias tardes usted nada muy también el los las una con mi mis por se tiene'.split(' ')),
  fr: new Set("bonjour bonsoir salut merci je j'ai mes est ne pas marche imprimante ordinateur besoin pouvez vous avec une des les plaît plait parler quelqu'un ça passe c'est".split(' ')),
  de: new Set('hallo danke ich mein meine meinen ist nicht geht funktioniert drucker hilfe brauche bitte kann mit und der das ein eine einen guten sprechen habe mir mich nur auch'.split(' ')),
  pt: new Set('olá ola obrigado obrigada meu minha não nao funciona impressora computador preciso ajuda está estou uma você voce falar pessoa bom dia tenho quero conta'.split(' ')),
  it: new Set('ciao grazie mio mia non funziona stampante aiuto ho bisogno sono con una favore buongiorno buonasera parlare il che della posso'.split(' ')),
};

const GREETINGS = new Set(['hola', 'bonjour', 'bonsoir', 'salut', 'hallo', 'olá', 'ola', 'buongiorno', 'buonasera', 'ciao']);

/** The language `text` is most likely written in when that is not English; undefined otherwise. */
export function otherLanguage(text: string): OtherLanguage | undefined {
  const words = text
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .split(/[^\p{L}']+/u)
    .filter(Boolean);
  if (words.length === 0) return undefined;
  let best: OtherLanguage | undefined;
  let bestHits = 0;
  for (const [language, known] of Object.entries(WORDS) as [OtherLanguage, ReadonlySet<string>][]) {
    const hits = words.filter((w) => known.has(w)).length;
    if (hits > bestHits) {
      best = language;
      bestHits = hits;
    }
  }
  const greetingAlone = words.length <= 2 && words.some((w) => GREETINGS.has(w));
  return bestHits >= 2 || greetingAlone ? best : undefined;
}

/** "I only speak English" in the user's language, then in English, with the way to a person. */
export const ONLY_ENGLISH: Record<OtherLanguage, string> = {
  es: 'Lo siento, por ahora solo puedo ayudar en inglés. Si puede, describa el problema en inglés, o pida hablar con un técnico ("Talk to a technician").',
  fr: "Désolé, pour l'instant je ne peux aider qu'en anglais. Si possible, décrivez le problème en anglais, ou demandez à parler à un technicien (« Talk to a technician »).",
  de: 'Entschuldigung, im Moment kann ich nur auf Englisch helfen. Beschreiben Sie das Problem bitte auf Englisch, oder fragen Sie nach einem Techniker („Talk to a technician“).',
  pt: 'Desculpe, por enquanto só consigo ajudar em inglês. Se puder, descreva o problema em inglês, ou peça para falar com um técnico ("Talk to a technician").',
  it: 'Mi dispiace, per ora posso aiutare solo in inglese. Se può, descriva il problema in inglese, o chieda di parlare con un tecnico ("Talk to a technician").',
};
