"""Draw the guide icons in assets/icons (white line art, drawn inside the cards' round badge).

Run once after changing a shape: python scripts/make_icons.py. Drawn at 4x and scaled down
for smooth edges; plain PIL so the icons carry no third-party licence.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "packages" / "kiosk" / "kiosk" / "assets" / "icons"
S = 512  # drawing size; saved at 128
W = 34  # line width at drawing size
WHITE = (255, 255, 255, 255)


def canvas():
    img = Image.new("RGBA", (S, S), (0, 0, 0, 0))
    return img, ImageDraw.Draw(img)


def passport(d):
    d.rounded_rectangle((120, 70, 392, 442), 36, outline=WHITE, width=W)
    d.ellipse((186, 150, 326, 290), outline=WHITE, width=W - 8)
    d.line((256, 150, 256, 290), fill=WHITE, width=W - 14)
    d.line((186, 220, 326, 220), fill=WHITE, width=W - 14)
    d.line((186, 360, 326, 360), fill=WHITE, width=W)


def child(d):
    d.ellipse((120, 60, 230, 170), fill=WHITE)  # adult head
    d.rounded_rectangle((105, 190, 245, 420), 60, fill=WHITE)
    d.ellipse((300, 180, 380, 260), fill=WHITE)  # child head
    d.rounded_rectangle((290, 275, 390, 420), 45, fill=WHITE)


def renew(d):
    d.arc((100, 100, 412, 412), 200, 340, fill=WHITE, width=W)
    d.arc((100, 100, 412, 412), 20, 160, fill=WHITE, width=W)
    d.polygon([(400, 150), (420, 260), (320, 215)], fill=WHITE)
    d.polygon([(112, 362), (92, 252), (192, 297)], fill=WHITE)


def lost(d):
    d.ellipse((90, 80, 330, 320), outline=WHITE, width=W)
    d.line((300, 290, 420, 410), fill=WHITE, width=W + 16)
    d.text((178, 130), "?", fill=WHITE, font_size=150)


def damaged(d):
    d.polygon([(130, 70), (330, 70), (390, 130), (390, 250), (330, 280), (270, 240),
               (200, 290), (130, 250)], outline=WHITE, width=W)  # fmt: skip
    d.polygon([(130, 330), (200, 370), (270, 320), (330, 360), (390, 330), (390, 442),
               (130, 442)], outline=WHITE, width=W)  # fmt: skip


def permit(d):
    d.rounded_rectangle((60, 120, 452, 392), 30, outline=WHITE, width=W)
    d.rounded_rectangle((110, 180, 220, 320), 14, fill=WHITE)
    for y in (200, 255, 310):
        d.line((260, y, 400, y), fill=WHITE, width=W - 10)


def info(d):
    d.ellipse((216, 80, 296, 160), fill=WHITE)
    d.rounded_rectangle((218, 200, 294, 432), 20, fill=WHITE)
    d.rounded_rectangle((180, 200, 294, 240), 12, fill=WHITE)
    d.rounded_rectangle((180, 400, 332, 440), 12, fill=WHITE)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, draw in [("passport", passport), ("child", child), ("renew", renew),
                       ("lost", lost), ("damaged", damaged), ("permit", permit),
                       ("info", info)]:  # fmt: skip
        img, d = canvas()
        draw(d)
        img.resize((128, 128), Image.LANCZOS).save(OUT / f"{name}.png", optimize=True)
    print(f"icons in {OUT}")


if __name__ == "__main__":
    main()
