# Draws the package icon: focal loss -(1-p)^γ log p for γ = 0, 1, 2, 5 on a dark tile (128×128 PNG, no dependencies).
import zlib, struct, math, sys
W = H = 128
img = [[(255, 255, 255)] * W for _ in range(H)]
for y in range(H):
    for x in range(W):
        dx = max(0, abs(x - 63.5) - 52); dy = max(0, abs(y - 63.5) - 52)
        if dx * dx + dy * dy <= 144: img[y][x] = (24, 52, 92)
for g, c in zip([0, 1, 2, 5], [(240, 240, 240), (120, 200, 255), (255, 196, 0), (255, 96, 96)]):
    for i in range(2000):
        p = 0.03 + 0.97 * i / 1999
        v = -(1 - p) ** g * math.log(p)
        x = 16 + p * 96; y = 112 - min(v, 3.5) / 3.5 * 96
        for ox in (-1, 0, 1):
            for oy in (-1, 0, 1):
                xi, yi = int(round(x + ox * 0.9)), int(round(y + oy * 0.9))
                if 0 <= xi < W and 0 <= yi < H: img[yi][xi] = c
raw = b''.join(b'\x00' + bytes(v for px in row for v in px) for row in img)
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', W, H, 8, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b'')
open(sys.argv[1], 'wb').write(png)
