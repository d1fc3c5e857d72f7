/**
 * Video links of campaigns are shown as a facade: nothing loads from the video host until the visitor
 * asks. This turns a watch link into the host's embed address, with the host's privacy options on.
 */
export interface VideoEmbed {
  host: string;
  embedUrl: string;
}

export function videoEmbed(url: string): VideoEmbed | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const host = parsed.hostname.replace(/^www\./, '');
  if (host === 'youtube.com' || host === 'm.youtube.com' || host === 'youtu.be') {
    const id =
      host === 'youtu.be'
        ? parsed.pathname.slice(1)
        : parsed.pathname.startsWith('/embed/')
          ? parsed.pathname.slice(7)
          : parsed.searchParams.get('v');
    return id && /^[\w-]{6,20}$/.test(id) ? { host: 'YouTube', embedUrl: `https://www.youtube-nocookie.com/embed/${id}?autoplay=1` } : null;
  }
  if (host === 'vimeo.com' || host === 'player.vimeo.com') {
    const id = /(\d{5,12})/.exec(parsed.pathname)?.[1];
    return id ? { host: 'Vimeo', embedUrl: `https://player.vimeo.com/video/${id}?dnt=1&autoplay=1` } : null;
  }
  return null;
}
