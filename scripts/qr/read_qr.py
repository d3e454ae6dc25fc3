#!/usr/bin/env python3
"""Reads the QR codes in images with zxing-cpp and with OpenCV's default QRCodeDetector.

Prints one JSON object per image, one per line:
  {"image": PATH, "zxing": [TEXT, ...], "zxing_version": "18", "opencv": TEXT or null,
   "zxing_side_px": [SIDE, ...], "opencv_found": true/false, "opencv_side_px": SIDE}
`opencv_found` says whether the detector located a code at all; `opencv` is what it decoded
(null when it found none or could not decode it); the `_side_px` are the mean side of the code
each located, in pixels, without the quiet zone (for the module size as printed).

Usage: read_qr.py IMAGE...
"""

import json
import sys

import cv2
import zxingcpp


def corners(position):
    """The four corners of a zxing-cpp position, in order around the code."""
    return [(p.x, p.y) for p in (position.top_left, position.top_right,
                                 position.bottom_right, position.bottom_left)]


def mean_side(points):
    """The mean length of the four sides of a quadrilateral."""
    pts = [(float(x), float(y)) for x, y in points]
    return sum(((pts[i][0] - pts[i - 1][0]) ** 2 + (pts[i][1] - pts[i - 1][1]) ** 2) ** 0.5
               for i in range(4)) / 4


def read(path):
    image = cv2.imread(path)
    if image is None:
        raise SystemExit(f"cannot read {path}")
    codes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    detector = cv2.QRCodeDetector()
    text, points, _ = detector.detectAndDecode(image)
    side = mean_side(points.reshape(-1, 2)) if points is not None else None
    return {
        "image": path,
        "zxing": [c.text for c in codes if c.valid],
        "zxing_version": [c.extra.get("Version") for c in codes if c.valid],
        "zxing_side_px": [mean_side(corners(c.position)) for c in codes if c.valid],
        "opencv": text or None,
        "opencv_found": points is not None,
        "opencv_side_px": side,
    }


def main(paths):
    if not paths:
        print(__doc__)
        return 2
    for path in paths:
        print(json.dumps(read(path), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
