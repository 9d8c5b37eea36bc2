package office

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// BarPair is one group of a bar chart: a value and the mark it is measured against (a
// unit's completion rate and its time pace), both in percent.
type BarPair struct {
	Label string // drawn under the group: a number that points to a table row
	Value float64
	Mark  float64
}

// Chart colours: the value bars blue, the marks grey (as the caption says).
var (
	chartValue = color.RGBA{0x40, 0x9E, 0xFF, 0xFF}
	chartMark  = color.RGBA{0xA8, 0xAB, 0xB2, 0xFF}
	chartAxis  = color.RGBA{0x30, 0x31, 0x33, 0xFF}
	chartGrid  = color.RGBA{0xE4, 0xE7, 0xED, 0xFF}
)

// BarChart draws grouped bars as a PNG of w×h pixels with the standard image packages.
// Labels are digits only (they point to a table's rows), so no CJK font is needed; the
// document's caption says what the bars are.
func BarChart(groups []BarPair, w, h int) ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	face, err := chartFace(float64(h) / 32)
	if err != nil {
		return nil, err
	}
	top := 0.0
	for _, g := range groups {
		top = math.Max(top, math.Max(g.Value, g.Mark))
	}
	top = math.Max(100, math.Ceil(top/20)*20)
	left, right, upper, lower := w/10, w-w/40, h/12, h-h/8
	y := func(v float64) int { return lower - int(math.Round(math.Max(0, v)/top*float64(lower-upper))) }
	for v := 0.0; v <= top; v += 20 {
		yy := y(v)
		fill(img, image.Rect(left, yy, right, yy+1), chartGrid)
		label(img, face, fmt.Sprintf("%.0f%%", v), left-8, yy, alignRight)
	}
	fill(img, image.Rect(left, upper, left+2, lower+1), chartAxis)
	fill(img, image.Rect(left, lower, right, lower+2), chartAxis)
	if len(groups) > 0 {
		slot := float64(right-left) / float64(len(groups))
		bar := int(math.Max(2, slot*0.32))
		for i, g := range groups {
			x0 := left + int(float64(i)*slot+slot*0.16)
			fill(img, image.Rect(x0, y(g.Value), x0+bar, lower), chartValue)
			fill(img, image.Rect(x0+bar, y(g.Mark), x0+2*bar, lower), chartMark)
			if len(groups) <= 24 {
				label(img, face, fmt.Sprintf("%.1f", g.Value), x0+bar/2, y(g.Value)-6, alignCenterBottom)
			}
			label(img, face, g.Label, x0+bar, lower+8, alignCenterTop)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func fill(img *image.RGBA, r image.Rectangle, c color.Color) {
	draw.Draw(img, r, &image.Uniform{c}, image.Point{}, draw.Src)
}

func chartFace(size float64) (font.Face, error) {
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return nil, err
	}
	return opentype.NewFace(f, &opentype.FaceOptions{Size: math.Max(size, 9), DPI: 72, Hinting: font.HintingFull})
}

type labelAlign int

const (
	alignRight labelAlign = iota // right edge at x, vertically centred on y
	alignCenterBottom
	alignCenterTop
)

func label(img *image.RGBA, face font.Face, s string, x, y int, align labelAlign) {
	d := &font.Drawer{Dst: img, Src: image.NewUniform(chartAxis), Face: face}
	width := d.MeasureString(s).Round()
	m := face.Metrics()
	ascent := m.Ascent.Round()
	switch align {
	case alignRight:
		x, y = x-width, y+ascent/2
	case alignCenterBottom:
		x = x - width/2
	case alignCenterTop:
		x, y = x-width/2, y+ascent
	}
	d.Dot = fixed.P(x, y)
	d.DrawString(s)
}
