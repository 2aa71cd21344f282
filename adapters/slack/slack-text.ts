// What a person typed to the app, as our command parser reads it. Slack sends message text with
// its own markup (Formatting text for app surfaces: "Escaping text", "Linking to users/channels"):
// &, < and > escaped as &amp; &lt; &gt;, a mention as <@U…> (or <@U…|name>), a channel as
// <#C…|name>, a link as <url|label>, a special mention as <!here>. The bot's own mention is dropped;
// another member's mention becomes their bare Slack id, which the core takes as a platform account
// (e.g. `/转交 12 @刘晓燕` → `/转交 12 U07QS2LIUXY`).

/** The text of a DM, an @-mention or a slash command, unescaped, without the bot's mention, as one command line. */
export function commandText(raw: string, botUserId?: string): string {
  const text = raw
    .replace(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g, (_, id: string) => (id === botUserId ? ' ' : id))
    .replace(/<#([CG][A-Z0-9]+)(?:\|([^>]*))?>/g, (_, id: string, name?: string) => (name ? `#${name}` : id))
    .replace(/<!([a-z]+)(?:\^[^|>]*)?(?:\|([^>]*))?>/g, (_, _kind: string, label?: string) => label ?? '')
    .replace(/<([^<>|]+)\|([^<>]*)>/g, (_, _url: string, label: string) => label)
    .replace(/<([^<>]+)>/g, (_, url: string) => url)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .trim();
  return withSlash(text);
}

/**
 * The Slack client takes any message that starts with "/" for a slash command of its own and does
 * not send it, so in a DM or an @-mention people write our commands without the slash (申请 办公费 …);
 * the slash command's text never has one (/guanjia 申请 … sends 申请 …). Either way it is put back;
 * nothing at all asks for /帮助.
 */
export function withSlash(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return '/帮助';
  return /^[/／]/.test(trimmed) ? trimmed : `/${trimmed}`;
}
