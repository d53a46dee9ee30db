"""Draws the app icons in public/icons/ (run once with Debian's python3 + PIL; the PNGs are committed)."""
import os

from PIL import Image, ImageDraw


def icon(size: int, maskable: bool) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    bg = (31, 111, 235, 255)
    if maskable:  # full bleed; keep the glyph inside the 80 % safe zone
        d.rectangle([0, 0, size, size], fill=bg)
        pad = size * 0.22
    else:
        d.rounded_rectangle([0, 0, size - 1, size - 1], radius=size * 0.22, fill=bg)
        pad = size * 0.14
    w = max(2, int(size * 0.09))
    c = size / 2
    span = size - 2 * pad
    left = [(pad + span * 0.38, pad + span * 0.2), (pad + span * 0.05, c), (pad + span * 0.38, size - pad - span * 0.2)]
    right = [(size - x, y) for x, y in left]
    d.line(left, fill="white", width=w, joint="curve")
    d.line(right, fill="white", width=w, joint="curve")
    return img


if __name__ == "__main__":
    os.makedirs("public/icons", exist_ok=True)
    icon(192, False).save("public/icons/icon-192.png")
    icon(512, False).save("public/icons/icon-512.png")
    icon(512, True).save("public/icons/maskable-512.png")
    icon(180, True).convert("RGB").save("public/icons/apple-touch-icon.png")
    # The page's icon: a PNG, not public/favicon.svg. Chromium draws an SVG icon by building an
    # SVG document on the page's main thread (some 10 ms, while Pyodide loads); a PNG is decoded
    # in a moment. Drawn large and scaled down, so its edges are smooth.
    icon(512, False).resize((32, 32), Image.LANCZOS).save("public/icons/favicon-32.png")
