import { describe, expect, it } from 'vitest';
import { videoEmbed } from '../../src/components/video-embed.ts';

describe('videoEmbed turns a watch link into a privacy-friendly embed address', () => {
  it.each([
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1'],
    ['https://youtu.be/dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1'],
    ['https://vimeo.com/123456789', 'https://player.vimeo.com/video/123456789?dnt=1&autoplay=1'],
  ])('%s -> %s', (url, embedUrl) => expect(videoEmbed(url)?.embedUrl).toBe(embedUrl));

  it.each(['https://example.org/video.mp4', 'not a url', 'https://www.youtube.com/watch?v=<script>'])(
    '%s has no embed: only a link is shown',
    (url) => {
      expect(videoEmbed(url)).toBeNull();
    },
  );
});
