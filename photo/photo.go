// Package photo checks uploaded site photos by their content, reads the time and place
// their EXIF data records, and makes thumbnails. It does no I/O beyond the bytes given.
package photo

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
	"image/png"
	"net/http"
	"strings"
	"time"

	"github.com/rwcarlsen/goexif/exif"
	"golang.org/x/image/draw"
	"golang.org/x/image/webp"
)

// Limits of an accepted photo.
const (
	MaxBytes  = 10 << 20
	MaxPixels = 50_000_000 // refuse decompression bombs before decoding
	ThumbSize = 320        // longest side of a thumbnail, in pixels
)

// Errors a caller maps to user messages.
var (
	ErrType   = errors.New("photo: not a JPEG, PNG or WebP image")
	ErrDecode = errors.New("photo: damaged or unreadable image")
	ErrSize   = errors.New("photo: too large")
)

// Info is what a photo's bytes say about it.
type Info struct {
	ContentType string
	Ext         string
	Width       int
	Height      int
	TakenAt     *time.Time
	Latitude    *float64
	Longitude   *float64
}

// Inspect checks that b is a JPEG, PNG or WebP image by its content (never its name),
// within the size limits, and reads its EXIF time and GPS position when present. zone is
// where a camera's local EXIF time is taken to be.
func Inspect(b []byte, zone *time.Location) (*Info, error) {
	if len(b) > MaxBytes {
		return nil, ErrSize
	}
	info := &Info{ContentType: http.DetectContentType(b)}
	var decodeConfig func([]byte) (image.Config, error)
	switch info.ContentType {
	case "image/jpeg":
		info.Ext = ".jpg"
		decodeConfig = func(b []byte) (image.Config, error) { return jpeg.DecodeConfig(bytes.NewReader(b)) }
	case "image/png":
		info.Ext = ".png"
		decodeConfig = func(b []byte) (image.Config, error) { return png.DecodeConfig(bytes.NewReader(b)) }
	case "image/webp":
		info.Ext = ".webp"
		decodeConfig = func(b []byte) (image.Config, error) { return webp.DecodeConfig(bytes.NewReader(b)) }
	default:
		return nil, ErrType
	}
	cfg, err := decodeConfig(b)
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, ErrDecode
	}
	if cfg.Width*cfg.Height > MaxPixels {
		return nil, ErrSize
	}
	info.Width, info.Height = cfg.Width, cfg.Height
	if info.ContentType == "image/jpeg" {
		readEXIF(b, zone, info)
	}
	return info, nil
}

// readEXIF fills the time and position from EXIF data; a photo without them, or with
// broken EXIF, is still a photo.
func readEXIF(b []byte, zone *time.Location, info *Info) {
	defer func() { recover() }() // the EXIF parser is not hardened against every malformed file
	x, err := exif.Decode(bytes.NewReader(b))
	if err != nil {
		return
	}
	if zone == nil {
		zone = time.UTC
	}
	// The camera's clock has no zone; read it as the zone's local time (the library would
	// use the server's).
	for _, name := range []exif.FieldName{exif.DateTimeOriginal, exif.DateTime} {
		tag, err := x.Get(name)
		if err != nil {
			continue
		}
		s, err := tag.StringVal()
		if err != nil {
			continue
		}
		if t, err := time.ParseInLocation("2006:01:02 15:04:05", strings.TrimRight(s, "\x00 "), zone); err == nil && t.Year() > 1990 {
			t = t.UTC()
			info.TakenAt = &t
			break
		}
	}
	if lat, lng, err := x.LatLong(); err == nil && lat != 0 && lng != 0 && lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180 {
		info.Latitude, info.Longitude = &lat, &lng
	}
}

// Thumbnail decodes the image and returns a JPEG at most ThumbSize pixels on its longest
// side.
func Thumbnail(b []byte) ([]byte, error) {
	var src image.Image
	var err error
	switch http.DetectContentType(b) {
	case "image/jpeg":
		src, err = jpeg.Decode(bytes.NewReader(b))
	case "image/png":
		src, err = png.Decode(bytes.NewReader(b))
	case "image/webp":
		src, err = webp.Decode(bytes.NewReader(b))
	default:
		return nil, ErrType
	}
	if err != nil {
		return nil, ErrDecode
	}
	w, h := src.Bounds().Dx(), src.Bounds().Dy()
	if w > ThumbSize || h > ThumbSize {
		if w >= h {
			w, h = ThumbSize, max(1, h*ThumbSize/w)
		} else {
			w, h = max(1, w*ThumbSize/h), ThumbSize
		}
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.ApproxBiLinear.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
	var out bytes.Buffer
	if err := jpeg.Encode(&out, dst, &jpeg.Options{Quality: 80}); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
