import { inflateSync } from 'node:zlib';
import { FormatError } from '../core/errors.js';

/** A decoded image as grayscale intensities in [0, 1], row-major. */
export interface GrayImage {
  width: number;
  height: number;
  gray: Float32Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Samples per pixel by PNG colour type: gray, RGB, gray+alpha, RGBA (palette images are not supported). */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Decodes an 8-bit, non-interlaced PNG (gray, gray+alpha, RGB or RGBA) to grayscale; transparent pixels count as
 * background (0). Follows the PNG spec's five scanline filters.
 * @example const { width, height, gray } = decodePng(readFileSync('digit.png'));
 */
export function decodePng(buf: Uint8Array, where = 'png'): GrayImage {
  if (!SIGNATURE.every((b, i) => buf[i] === b)) throw new FormatError(`${where}: not a PNG file (bad signature).`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let off = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Uint8Array[] = [];
  while (off + 8 <= buf.length) {
    const len = view.getUint32(off);
    const type = String.fromCharCode(...buf.subarray(off + 4, off + 8));
    const data = buf.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = view.getUint32(off + 8);
      height = view.getUint32(off + 12);
      const depth = data[8];
      const colorType = data[9] ?? -1;
      const interlace = data[12];
      channels = CHANNELS[colorType] ?? 0;
      if (depth !== 8 || channels === 0 || interlace !== 0) {
        throw new FormatError(`${where}: only 8-bit non-interlaced gray/RGB(A) PNGs are supported (bit depth ${depth}, colour type ${colorType}, interlace ${interlace}).`);
      }
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
    off += 12 + len;
  }
  if (width === 0 || idat.length === 0) throw new FormatError(`${where}: missing IHDR or IDAT chunk.`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length < height * (stride + 1)) throw new FormatError(`${where}: image data is truncated.`);
  const px = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? (px[y * stride + i - channels] ?? 0) : 0;
      const b = y > 0 ? (px[(y - 1) * stride + i] ?? 0) : 0;
      const c = y > 0 && i >= channels ? (px[(y - 1) * stride + i - channels] ?? 0) : 0;
      const x = line[i] ?? 0;
      const v = filter === 0 ? x : filter === 1 ? x + a : filter === 2 ? x + b : filter === 3 ? x + ((a + b) >> 1) : filter === 4 ? x + paeth(a, b, c) : -1;
      if (v < 0) throw new FormatError(`${where}: unknown scanline filter ${filter} in row ${y}.`);
      px[y * stride + i] = v & 0xff;
    }
  }
  const gray = new Float32Array(width * height);
  for (let i = 0; i < width * height; i++) {
    const p = i * channels;
    const color = channels >= 3 ? ((px[p] ?? 0) + (px[p + 1] ?? 0) + (px[p + 2] ?? 0)) / 3 : (px[p] ?? 0);
    const alpha = channels === 2 ? (px[p + 1] ?? 255) : channels === 4 ? (px[p + 3] ?? 255) : 255;
    gray[i] = (color / 255) * (alpha / 255);
  }
  return { width, height, gray };
}

/**
 * MNIST preprocessing of any-size digit image: make the ink bright on dark (inverting light backgrounds), crop to
 * the ink, scale the longer side to 20 px keeping the aspect ratio (area averaging), and place it in 28×28 so its
 * centre of mass is at the centre. The playground does the same in the browser.
 * @example const x = mnistPreprocess(decodePng(readFileSync('digit.png'))); // 784 values in [0, 1]
 */
export function mnistPreprocess(img: GrayImage): Float32Array {
  const { width: w, height: h } = img;
  let mean = 0;
  for (const v of img.gray) mean += v;
  mean /= Math.max(1, w * h);
  const ink = mean > 0.5 ? img.gray.map((v) => 1 - v) : img.gray;
  let x0 = w;
  let y0 = h;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if ((ink[y * w + x] ?? 0) > 0.05) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  }
  const out = new Float32Array(784);
  if (x1 < 0) return out;
  const bw = x1 - x0 + 1;
  const bh = y1 - y0 + 1;
  const scale = 20 / Math.max(bw, bh);
  const sw = Math.max(1, Math.round(bw * scale));
  const sh = Math.max(1, Math.round(bh * scale));
  const small = new Float32Array(sw * sh);
  for (let ty = 0; ty < sh; ty++) {
    for (let tx = 0; tx < sw; tx++) {
      const fx0 = x0 + (tx * bw) / sw;
      const fx1 = x0 + ((tx + 1) * bw) / sw;
      const fy0 = y0 + (ty * bh) / sh;
      const fy1 = y0 + ((ty + 1) * bh) / sh;
      let sum = 0;
      let area = 0;
      for (let sy = Math.floor(fy0); sy < Math.ceil(fy1); sy++) {
        const wy = Math.min(sy + 1, fy1) - Math.max(sy, fy0);
        for (let sx = Math.floor(fx0); sx < Math.ceil(fx1); sx++) {
          const wx = Math.min(sx + 1, fx1) - Math.max(sx, fx0);
          sum += (ink[sy * w + sx] ?? 0) * wx * wy;
          area += wx * wy;
        }
      }
      small[ty * sw + tx] = area > 0 ? sum / area : 0;
    }
  }
  let mass = 0;
  let cx = 0;
  let cy = 0;
  small.forEach((v, i) => {
    mass += v;
    cx += v * (i % sw);
    cy += v * Math.floor(i / sw);
  });
  const ox = Math.round(14 - (mass > 0 ? cx / mass : sw / 2));
  const oy = Math.round(14 - (mass > 0 ? cy / mass : sh / 2));
  small.forEach((v, i) => {
    const tx = (i % sw) + ox;
    const ty = Math.floor(i / sw) + oy;
    if (tx >= 0 && tx < 28 && ty >= 0 && ty < 28) out[ty * 28 + tx] = Math.min(1, v);
  });
  return out;
}
