/**
 * cat.jpg of the demo's photos bucket: a 160×120 baseline JPEG (2,442 bytes) of an orange cat,
 * drawn as SVG and encoded once with sharp (quality 80); its bytes are embedded here so the seed
 * needs neither a download nor an image library.
 */
const base64 = [
  "/9j/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBD",
  "AQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAB4AKAD",
  "ASIAAhEBAxEB/8QAHAABAAIDAQEBAAAAAAAAAAAAAAUGAgMEAQcI/8QAORAAAQQBAgMCCwYHAQAAAAAAAQACAwQRBRIhMVEGExQW",
  "IjJBYWSBoaPhJFJxkcHwByMzZZSisUL/xAAbAQEAAwEBAQEAAAAAAAAAAAAAAgUGAwEEB//EADIRAAIBAgQBCgUFAQAAAAAAAAEC",
  "AAMRBAUhMRITFSJBUXGhscHRBhRSYYEjMpHh8DP/2gAMAwEAAhEDEQA/APvCIisZUwiIkQiIkQiLTBZjmlmjYfKidtIUWdVIUnU7",
  "SQRmBIG03IiKUjCIiRCLTPZjhlhjefKldtAW5RV1YlQdRvJFGUAkaGERFKRhERIhERIhERIhERIhERInhIaCTyHFVWnNNHPJeaCW",
  "b/LHUFWDVZO606d3p27R7+H6qO0iNo07ywNrySc9OX6KgzS9XE06SmxUFvzsJosnpLyNRmFwbD3k1G9skbXsOWuGQVkqvU1hlUTQ",
  "VnNsRsdhhz5vULn1DXrzK0skbmMLRkANBHxUuf8ADKo478XWB29+04HIsQXIW3D1Ey4LGR7Y43PecNaMkqo6fr159aKSRzHlwyQW",
  "4HwXRb1hloQwWHNrxvfh53ed0Cc/4ZlPBfi6ge3v2gZFiA4DW4esiYXJppJ47zgQzf8Ayx0AVqBBAI5HioTV42nTvIxtYQRjpy/V",
  "SOlSd7p0DvTt2n3cP0Ucr4qWJqUmNywDehnfOKS8jTZBYC49p1oiK/mdhERIhERIhERIhERIhERIkV2iL3Vo4o2uc5784aM8B+wo",
  "Ga3I+uyAeTGwYIHpPrVk1uwa9B+04c/yB7+fwVSWJz9ymJIVtSBfu7PWbHIgWw+o0B/n/bSLg+y6tJFyZMNw/H95XbeY6SpKxgy4",
  "t4BfOe0P8R46PaetSgpRTRbi3vXk7umR0yV9GoWo71KGzASY5WhwzzHqVPWw9SkFdxa8saGMo4hilM3Iiix0dSJjxhwbxC4p/tWr",
  "Rxc2Qjc78f3hdl+1HRpTWZyRHE0uOOZ9S+ddnv4jx3u09mlPSihi3BveMJ3dMnrg/glHD1KoZ0F7RXxlHDsEqGxM+rQ25GV3wHDo",
  "3jAB9B9Snuzxe2rJFI1zXMfnDhjgf2VWFbdEsGxQZuOXM8g+7l8Fc5A5fEgM2oBt3dnrK7PQVw+g0J/j/bTvREW1mOhERIhERIhE",
  "RIhERIhEVf8AGX+y63/ifVeFgu8kqltpn2ocdlZvoJcf+KAW/tBrpmrxuGj6y3Y7iXVcDj71G0LvhnefZrUGzH9ePbuznl+SwWeK",
  "fnGbqNvKbbJiBhVXrF/OfnXtXpdmt2zpwyMdujeGnh91xOfeCF9/7KVZKXZ6lBOC2QMLiDzGSTj4qQlqV5ZmTS14nys817mAub+B",
  "WF+w+rAZWQ96B5w3YwOvJcMRjGxipSA1HnGAyv5WqXDX0sO695xdq6slzs9dggBdIWBwA5nBBx8F8A7KaXZs9s7kMbHbpHloOOW5",
  "wOfcAV+jKFh9qASvi7oHzRuzkdeSziqV4pnzRV4mSv8AOe1gDnfiUw+MbBq9IjU+cY/K/mqoctbSx7r3m5T/AGXJ2WG+gFp/6qrf",
  "u+B939mtT78/0I923GOf5qS7P66Ya8jjo+su3u4FtXI4e9d8jU/OK3UL+UZyQcKy9Zt5y6oq/wCMv9l1v/E+qsC3qsG2mJZSu8Iu",
  "bw6t4R3PfN7zOMevpldKilVKl+Ag27J69N0txgi8IiKchCIiRCIiRCg7Gram6eWKhoNmTY4t76xNHDG7B5jBc7Hr2qcReEE7G0kp",
  "A3F5W7FPtJqMLorFrS6EThxbDE+w/wBznFo/1Vfr6dY06aZlu5YtSkjJlDQBj7oaBjOVfLtuKnFvldz5NHMqraldddlD3MawN4DH",
  "PHrKyvxDyFgOL9QfnT79k0uRGvc9HoevrIy+206q8UHxMs8C0ytLm8+Rwc8VDy1tc1Nvg911ahVPCV1aRz5JB0BIG0HrxKsCLLK/",
  "DsJpCt5Xoq2uaY3wek6tfqjhE61I5kkY6OIB3AdeBUzQbabVYL74n2eJcYmlrefIZOeHJdCIz8W4gLaaJ9OsajNCypcsVZQTgxbS",
  "Dn7wcDnGFPwU+0mnQtirXNMvRNHBs8L4H+9zS4f6ri0266lKXtY14dwOeePUVaaVuK5FviPLm08wtT8PchYji/UP40+3bM3npr3H",
  "R6A8/SRVbV9UbYih1DQLEYe4N76tPHNG3J5nJa4D17VOoi1QBG5vM0xB2FpRpmmOd7STua4jPvV2gf3kMb/vNB/MKmXXB12w4cjI",
  "4j81b6IIpVweYjaPgsr8O9GtVQbf2Zpc+6VGkx3/AKE3oiLVzMQirvjL7J8z6J4y+yfM+i+HnLDfV4H2ntpYkVd8ZfZPmfRPGX2T",
  "5n0TnLDfV4H2i0sSxlkbFE+R5w1oJKr/AIy+yfM+i029d8KrvgFfZv4bt+cfBc62aUEpsytcgG2h9p1oU+Uqqh6yBOK7ZfbsOlkP",
  "PkOg6LQiL89d2qMXc3Jn6KiKihVFgIREUJKEREiFvp2X1LDZYzy5jqOi0Ipo7U2DqbESLorqVYXBl6ikbLEyRhy1wBC4dWvsqQua",
  "1wM7hho6esqAZqdmOsyCN4Y1oxkDj+a4nvJJc9xJPMk81qMT8Q8dIJQXpEans7pmqGRinUNSuw4QfD7zfTgdZtRxN/8AR4noPSro",
  "AAAByCqGm6pHRDiK2+R3N5fjh05Lu8ZfZPmfRdcmahg6RNRuk2+h07BtPgzfGjFVQE/assSKu+MvsnzPonjL7J8z6K55yw31eB9p",
  "U2ldREWVkoRESIQcCiJvAJBuJvacjIXq0NJaeC2teD6lVVsMyG66ibLAZtTrqFqGzeBmSIi+WXEIiJELxxwMleOeB6ytTiXHivqo",
  "4ZnN20Ep8fm1OgpWmbt4DvmRkPo4LAknmiKySmqftEylbFVq/wD0YmERFOcIRESIRESIRESIRESIRESJ6CRyK93u6oiiUVtxOqYi",
  "rT0RiO4mN7uq8JJ5lEQIq7CHxFWpo7E95M8REUpyhERIhERIhERIn//Z",
].join("");

/** The bytes of cat.jpg (a fresh copy each call). */
export function catJpeg(): Buffer {
  return Buffer.from(base64, "base64");
}

export const catJpegKey = "cat.jpg";
export const catJpegContentType = "image/jpeg";
