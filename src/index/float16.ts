// IEEE 754 half precision, for vectors stored at half the size of float32 (Node 20 has no Float16Array).
// Rounding to nearest, ties to even: a unit vector's components keep a relative error of at most 2⁻¹¹.

const float = new Float32Array(1);
const bits = new Uint32Array(float.buffer);

export function toHalf(value: number): number {
  float[0] = value;
  const x = bits[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    if (halfExponent < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - halfExponent;
    let half = mantissa >>> shift;
    const rest = mantissa & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rest > halfway || (rest === halfway && half & 1)) half++;
    return sign | half;
  }
  let half = (halfExponent << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  // A carry out of the mantissa rounds up into the exponent, as it should.
  if (rest > 0x1000 || (rest === 0x1000 && half & 1)) half++;
  return sign | half;
}

export function fromHalf(half: number): number {
  const sign = half & 0x8000 ? -1 : 1;
  const exponent = (half >>> 10) & 0x1f;
  const mantissa = half & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? Number.NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

export function encodeHalf(vector: Float32Array, target: Uint16Array, offset = 0): void {
  for (let j = 0; j < vector.length; j++) target[offset + j] = toHalf(vector[j]!);
}

export function decodeHalf(source: Uint16Array, offset: number, dimension: number): Float32Array {
  const vector = new Float32Array(dimension);
  for (let j = 0; j < dimension; j++) vector[j] = fromHalf(source[offset + j]!);
  return vector;
}
