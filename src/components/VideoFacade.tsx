/**
 * The campaign's video, loaded from its host only after the visitor presses the button. Rendered at
 * build time as a plain link, so the page reads without JavaScript and nothing reaches the host.
 */
import { useEffect, useState } from 'preact/hooks';

interface Props {
  url: string;
  host: string;
  embedUrl: string;
  title: string;
  consent: string;
  play: string;
  link: string;
}

export default function VideoFacade({ url, host, embedUrl, title, consent, play, link }: Props) {
  const [hydrated, setHydrated] = useState(false);
  const [playing, setPlaying] = useState(false);
  // The button exists only where it works: after hydration.
  useEffect(() => setHydrated(true), []);
  if (playing) {
    return <iframe src={embedUrl} title={title} allow="autoplay; fullscreen; picture-in-picture" allowFullScreen loading="lazy" />;
  }
  return (
    <div>
      <p>{consent}</p>
      {hydrated && (
        <p>
          <button type="button" class="button" onClick={() => setPlaying(true)}>
            {play}
          </button>
        </p>
      )}
      <p>
        <a href={url} rel="noopener">
          {link}
        </a>{' '}
        <span class="visually-hidden">({host})</span>
      </p>
    </div>
  );
}
