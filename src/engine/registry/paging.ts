// RFC 5988 `Link: </v2/_catalog?last=b&n=2>; rel="next"`, as distribution pages tags and catalogs.

export function parseNextLink(link: string | undefined): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(/,(?=\s*<)/)) {
    const m = /<([^>]*)>\s*;(.*)/.exec(part.trim());
    if (m && /rel="?next"?/i.test(m[2])) return m[1];
  }
  return undefined;
}
