// Calls every Images endpoint through the official openai-node SDK against OPENAI_BASE_URL (the emulator on 127.0.0.1)
// and prints one JSON object of what came back: image counts, sizes read from the PNG headers, stream event types.
// NodeClientTests runs it and asserts on that output; nothing here judges the results.
// openai is loaded from OPENAI_NODE_PREFIX (default ../.prism, where install-prism.sh puts it).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const prefix = process.env.OPENAI_NODE_PREFIX || join(here, '..', '.prism');
const require = createRequire(join(prefix, 'package.json'));
const { default: OpenAI, toFile } = require('openai');
const { version } = JSON.parse(readFileSync(join(prefix, 'node_modules', 'openai', 'package.json'), 'utf8'));

const baseURL = process.env.OPENAI_BASE_URL;
if (!baseURL || !/^http:\/\/127\.0\.0\.1:\d+\//.test(baseURL)) {
  throw new Error(`OPENAI_BASE_URL must be a 127.0.0.1 address, got ${baseURL}`);
}

const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY, baseURL, maxRetries: 0 });

// A PNG of width x height, RGBA, no filtering; alpha(x, y) gives each pixel's alpha.
function png(width, height, alpha = () => 255) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const tail = Buffer.alloc(4);
    tail.writeUInt32BE(crc(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, tail]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 4);
    for (let x = 0; x < width; x++) raw.set([40, 120, 200, alpha(x, y)], row + 1 + x * 4);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

// [width, height] from a PNG's IHDR, or the first bytes in hex when it is no PNG.
function sizeOf(bytes) {
  const isPng = bytes.length >= 24 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return isPng ? [bytes.readUInt32BE(16), bytes.readUInt32BE(20)] : `not a PNG: ${bytes.subarray(0, 8).toString('hex')}`;
}

const b64Sizes = (response) => response.data.map((d) => sizeOf(Buffer.from(d.b64_json, 'base64')));
const file = (bytes, name) => toFile(bytes, name, { type: 'image/png' });

async function streamed(stream) {
  const events = [];
  for await (const event of stream) {
    events.push({ type: event.type, index: event.partial_image_index ?? null, size: sizeOf(Buffer.from(event.b64_json, 'base64')) });
  }
  return events;
}

const out = { openai: version };

const b64 = await client.images.generate({ model: 'gpt-image-2', prompt: 'a lighthouse', n: 2, size: '1024x1536', quality: 'low' });
out.generate_b64 = { count: b64.data.length, sizes: b64Sizes(b64), output_format: b64.output_format ?? null, usage: b64.usage != null };

const url = await client.images.generate({ model: 'dall-e-2', prompt: 'a lighthouse', size: '256x256', response_format: 'url' });
const downloads = [];
for (const d of url.data) {
  const response = await fetch(d.url);
  downloads.push({ status: response.status, size: sizeOf(Buffer.from(await response.arrayBuffer())) });
}
out.generate_url = { count: url.data.length, local: url.data.every((d) => d.url.startsWith(new URL(baseURL).origin + '/')), downloads };

const one = await client.images.edit({ model: 'gpt-image-2', prompt: 'add a moon', image: await file(png(64, 64), 'one.png'), size: '1024x1024', quality: 'low' });
out.edit_one = { count: one.data.length, sizes: b64Sizes(one) };

const several = await client.images.edit({
  model: 'gpt-image-2',
  prompt: 'put them together',
  image: [await file(png(64, 64), 'first.png'), await file(png(32, 48), 'second.png'), await file(png(16, 16), 'third.png')],
  size: '1536x1024',
  quality: 'low',
});
out.edit_several = { count: several.data.length, sizes: b64Sizes(several) };

const masked = await client.images.edit({
  model: 'dall-e-2',
  prompt: 'fill the hole',
  image: await file(png(256, 256), 'square.png'),
  mask: await file(png(256, 256, (x) => (x < 128 ? 0 : 255)), 'mask.png'),
  size: '512x512',
  response_format: 'b64_json',
});
out.edit_mask = { count: masked.data.length, sizes: b64Sizes(masked) };

const variation = await client.images.createVariation({ model: 'dall-e-2', image: await file(png(256, 256), 'square.png'), n: 2, size: '256x256', response_format: 'b64_json' });
out.variation = { count: variation.data.length, sizes: b64Sizes(variation) };

out.generate_stream = await streamed(
  await client.images.generate({ model: 'gpt-image-2', prompt: 'a fox', stream: true, partial_images: 2, size: '1024x1024', quality: 'low' }),
);
out.edit_stream = await streamed(
  await client.images.edit({ model: 'gpt-image-2', prompt: 'a fox in the room', image: await file(png(64, 64), 'room.png'), stream: true, partial_images: 1, size: '1024x1024', quality: 'low' }),
);

process.stdout.write(JSON.stringify(out) + '\n');
