// The console's secondary and coloured text must be readable: WCAG 2.x AA asks for a contrast of at
// least 4.5:1 for text of normal size. The colours and backgrounds are read from the stylesheets
// themselves, in the order the page loads them: the card's rules (shared with the workbench), then style.css.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = ['../../bot/web/public/card/card.css', '../../adapters/console/public/style.css'].map((path) => readFileSync(new URL(path, import.meta.url), 'utf8')).join('\n');

/** selector → declarations, for the plain rules (inside @media too; the last one wins). */
function parseRules(text: string): Map<string, Map<string, string>> {
  const rules = new Map<string, Map<string, string>>();
  const withoutComments = text.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const [, selectors, body] of withoutComments.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const declarations = new Map<string, string>();
    for (const declaration of body!.split(';')) {
      const colon = declaration.indexOf(':');
      if (colon > 0) declarations.set(declaration.slice(0, colon).trim(), declaration.slice(colon + 1).trim());
    }
    for (const selector of selectors!.split(',')) {
      const name = selector.trim().replace(/\s+/g, ' ');
      rules.set(name, new Map([...(rules.get(name) ?? []), ...declarations]));
    }
  }
  return rules;
}

const rules = parseRules(css);
const root = rules.get(':root')!;

function declared(selector: string, property: string): string {
  const value = rules.get(selector)?.get(property);
  if (!value) throw new Error(`style.css has no ${property} for ${selector}`);
  return value;
}

/** A colour as #rrggbb, through var(--x) as often as needed. */
function resolve(value: string): string {
  const variable = /^var\((--[\w-]+)\)$/.exec(value.trim());
  if (variable) {
    const next = root.get(variable[1]!);
    if (!next) throw new Error(`style.css does not define ${variable[1]}`);
    return resolve(next);
  }
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value.trim());
  if (!hex) throw new Error(`not a plain colour: ${value}`);
  const digits = hex[1]!.length === 3 ? [...hex[1]!].map((d) => d + d).join('') : hex[1]!;
  return `#${digits.toLowerCase()}`;
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(resolve(a)), luminance(resolve(b))].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

const background = (selector: string) => declared(selector, 'background');

/** Where each secondary colour is used: the backgrounds it can sit on, read from their rules. */
const SECONDARY: Record<'--text-3' | '--text-4', Record<string, string>> = {
  '--text-3': {
    'a panel (white)': 'var(--panel)',
    'the sidebar': background('.sidebar'),
    'a hovered person or conversation': background('.person:hover'),
    'the open conversation in the sidebar': background('.conv-item.active'),
    'the chat behind the messages': background('.chat'),
    'a day divider': background('.day-divider span'),
    'my own bubble': background('.msg-row.mine .bubble-text'),
    'the budget check': background('.card-budget'),
    'a failed budget check': background('.card-budget.bad'),
    'a card’s action form': background('.card-action-form'),
    'a card’s footer': background('.card-footer'),
  },
  '--text-4': {
    'a panel (white)': 'var(--panel)',
    'a department heading in the sidebar': background('.dept-name'),
    'the chat behind the messages': background('.chat'),
    'the budget check': background('.card-budget'),
    'a failed budget check': background('.card-budget.bad'),
  },
};

/** Every rule that colours its text with the variable; a new one has to be added above with its background. */
const usersOf = (variable: string) =>
  [...rules]
    .filter(([, declarations]) => declarations.get('color') === `var(${variable})`)
    .map(([selector]) => selector)
    .sort();

describe('console text contrast (WCAG AA, 4.5:1)', () => {
  it('knows every place the secondary colours are used', () => {
    expect(usersOf('--text-3')).toEqual(
      [
        '.brand-sub',
        '.section-title',
        '.me-placeholder',
        '.conv-preview',
        '.people-empty',
        '.person-title',
        '.chat-subtitle',
        '.day-divider span',
        '.msg-meta',
        '.bubble-text.muted',
        '.empty-state',
        '.help-caption',
        '.tone-text-neutral',
        '.card-fields dt',
        '.budget-label',
        '.route-detail',
        '.card-action-status',
        '.card-footer',
      ].sort(),
    );
    expect(usersOf('--text-4')).toEqual(['.dept-count', '.msg-edited', '#composer-input::placeholder', '.amount-arrow'].sort());
  });

  for (const [variable, backgrounds] of Object.entries(SECONDARY)) {
    it(`${variable} is readable on every background it is used on`, () => {
      const colour = `var(${variable})`;
      const failing = Object.entries(backgrounds)
        .map(([where, bg]) => ({ where, ratio: Math.round(contrast(colour, bg) * 100) / 100 }))
        .filter((r) => r.ratio < 4.5);
      expect(failing).toEqual([]);
    });
  }

  it('keeps the hierarchy: text darker than --text-2, darker than --text-3, darker than --text-4', () => {
    const onWhite = (v: string) => contrast(`var(${v})`, 'var(--panel)');
    expect(onWhite('--text')).toBeGreaterThan(onWhite('--text-2'));
    expect(onWhite('--text-2')).toBeGreaterThan(onWhite('--text-3'));
    expect(onWhite('--text-3')).toBeGreaterThan(onWhite('--text-4'));
  });

  it.each(['info', 'success', 'danger', 'warning', 'neutral'])('the %s tone is readable as a pill and as text on a card', (tone) => {
    expect(contrast(declared(`.tone-${tone}`, 'color'), declared(`.tone-${tone}`, 'background'))).toBeGreaterThanOrEqual(4.5);
    expect(contrast(declared(`.tone-text-${tone}`, 'color'), 'var(--panel)')).toBeGreaterThanOrEqual(4.5);
  });

  it('rejects the old colours (the check can fail)', () => {
    expect(contrast('#86909c', background('.sidebar'))).toBeLessThan(4.5);
    expect(contrast('#a9aeb8', 'var(--panel)')).toBeLessThan(4.5);
  });
});
