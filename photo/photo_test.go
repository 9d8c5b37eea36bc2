package photo_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"testing"
	"time"

	"github.com/stride-hq/stride/photo"
)

func jpegBytes(t *testing.T, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, x%h, color.RGBA{10, 120, 200, 255})
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withEXIF inserts an APP1 segment holding DateTimeOriginal and a GPS position, built
// by hand: a little-endian TIFF with IFD0 pointing to an Exif IFD and a GPS IFD.
func withEXIF(jpg []byte, when string, lat, lng float64) []byte {
	le := binary.LittleEndian
	var tiff bytes.Buffer
	w16 := func(v uint16) { binary.Write(&tiff, le, v) }
	w32 := func(v uint32) { binary.Write(&tiff, le, v) }
	entry := func(tag, typ uint16, count, value uint32) { w16(tag); w16(typ); w32(count); w32(value) }
	const ifd0 = 8
	const exifIFD = ifd0 + 2 + 2*12 + 4 // 38
	const gpsIFD = exifIFD + 2 + 12 + 4 // 56
	const gpsData = gpsIFD + 2 + 4*12 + 4
	const dateData = gpsData + 2*24
	tiff.WriteString("II")
	w16(42)
	w32(ifd0)
	w16(2)
	entry(0x8769, 4, 1, exifIFD)
	entry(0x8825, 4, 1, gpsIFD)
	w32(0)
	w16(1)
	entry(0x9003, 2, 20, dateData)
	w32(0)
	w16(4)
	entry(0x0001, 2, 2, uint32('N'))
	entry(0x0002, 5, 3, gpsData)
	entry(0x0003, 2, 2, uint32('E'))
	entry(0x0004, 5, 3, gpsData+24)
	w32(0)
	for _, deg := range []float64{lat, lng} {
		d := math.Floor(deg)
		m := math.Floor((deg - d) * 60)
		s := ((deg-d)*60 - m) * 60
		for _, r := range [][2]uint32{{uint32(d), 1}, {uint32(m), 1}, {uint32(s * 1000), 1000}} {
			w32(r[0])
			w32(r[1])
		}
	}
	tiff.WriteString(when + "\x00")
	payload := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	seg := []byte{0xFF, 0xE1, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	out = append(out, payload...)
	return append(out, jpg[2:]...)
}

func TestInspect(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	jpg := withEXIF(jpegBytes(t, 800, 600), "2025:03:28 15:04:05", 26.0745, 119.2965)
	info, err := photo.Inspect(jpg, shanghai)
	if err != nil {
		t.Fatal(err)
	}
	if info.ContentType != "image/jpeg" || info.Width != 800 || info.Height != 600 {
		t.Fatalf("info: %+v", info)
	}
	want := time.Date(2025, 3, 28, 15, 4, 5, 0, shanghai)
	if info.TakenAt == nil || !info.TakenAt.Equal(want) {
		t.Fatalf("taken at %v, want %v (camera time read in the zone)", info.TakenAt, want)
	}
	if info.Latitude == nil || math.Abs(*info.Latitude-26.0745) > 1e-4 || math.Abs(*info.Longitude-119.2965) > 1e-4 {
		t.Fatalf("position: %v %v", info.Latitude, info.Longitude)
	}
	// A photo without EXIF is still a photo.
	plain, err := photo.Inspect(jpegBytes(t, 10, 10), shanghai)
	if err != nil || plain.TakenAt != nil || plain.Latitude != nil {
		t.Fatalf("plain: %+v %v", plain, err)
	}
	var pngBuf bytes.Buffer
	png.Encode(&pngBuf, image.NewGray(image.Rect(0, 0, 5, 5)))
	if info, err := photo.Inspect(pngBuf.Bytes(), shanghai); err != nil || info.ContentType != "image/png" {
		t.Fatalf("png: %+v %v", info, err)
	}
	for name, b := range map[string][]byte{
		"gif":       []byte("GIF89a\x01\x00\x01\x00"),
		"text":      []byte("hello, this is a text file"),
		"pdf":       []byte("%PDF-1.4 fake"),
		"truncated": jpg[:40],
	} {
		if _, err := photo.Inspect(b, shanghai); err == nil {
			t.Errorf("%s accepted", name)
		} else if name != "truncated" && !errors.Is(err, photo.ErrType) {
			t.Errorf("%s: %v, want ErrType", name, err)
		}
	}
	if _, err := photo.Inspect(make([]byte, photo.MaxBytes+1), shanghai); !errors.Is(err, photo.ErrSize) {
		t.Errorf("oversized: %v", err)
	}
}

func TestThumbnail(t *testing.T) {
	th, err := photo.Thumbnail(jpegBytes(t, 1600, 900))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(th))
	if err != nil || cfg.Width != photo.ThumbSize || cfg.Height != 180 {
		t.Fatalf("thumbnail %dx%d %v", cfg.Width, cfg.Height, err)
	}
}

func FuzzInspect(f *testing.F) {
	f.Add([]byte("\xff\xd8\xff\xe1\x00\x10Exif\x00\x00II*\x00"))
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add([]byte("RIFF\x00\x00\x00\x00WEBPVP8 "))
	f.Fuzz(func(t *testing.T, b []byte) {
		if info, err := photo.Inspect(b, time.UTC); err == nil {
			if info.Width <= 0 || info.Height <= 0 {
				t.Fatalf("accepted an image of %dx%d", info.Width, info.Height)
			}
		}
	})
}
