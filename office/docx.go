package office

import (
	"archive/zip"
	"bytes"
	"embed"
	"encoding/xml"
	"fmt"
	"strings"
	"text/template"
	"time"
)

// The parts of a Word document that do not depend on its text: styles in the layout of
// GB/T 9704 (A4; margins 37/35/28/26 mm; body 仿宋_GB2312 三号 on a 28-point line; title
// 方正小标宋简体 二号; first-level headings 黑体, second-level 楷体_GB2312; page numbers
// "— 1 —"), the font table with each official font's fallback (方正小标宋简体 → 黑体,
// 仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体), and the package plumbing.
//
//go:embed docxtmpl
var docxParts embed.FS

var docxTemplates = template.Must(template.New("").ParseFS(docxParts, "docxtmpl/document.xml", "docxtmpl/document.xml.rels", "docxtmpl/core.xml"))

// Docx builds a WordprocessingML (.docx) document paragraph by paragraph in the official
// document layout, with the standard library only. Word, WPS and LibreOffice open it.
type Docx struct {
	body   strings.Builder
	images []docxImage
	title  string
	author string
	nextID int
}

type docxImage struct {
	RelID, Name string
	Data        []byte
}

// Paragraph styles of the template.
const (
	StyleNormal     = "Normal"
	StyleMasthead   = "Masthead"   // the red 版头 line
	StyleIssue      = "Issue"      // 第N期, centred
	StyleIssuerLine = "IssuerLine" // issuer left, date right, over the red rule
	StyleTitle      = "Title"
	StyleHeading1   = "Heading1" // 一、
	StyleHeading2   = "Heading2" // （一）
	StyleCaption    = "Caption"
	StyleFigure     = "Figure"
	StyleTableText  = "TableText"
	StyleSignature  = "Signature"
)

// NewDocx starts a document with its title and author for the document properties.
func NewDocx(title, author string) *Docx { return &Docx{title: title, author: author} }

func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// run is one run of text; tabs become tab characters.
func run(text string, bold bool) string {
	var b strings.Builder
	b.WriteString("<w:r>")
	if bold {
		b.WriteString("<w:rPr><w:b/><w:bCs/></w:rPr>")
	}
	for i, part := range strings.Split(text, "\t") {
		if i > 0 {
			b.WriteString("<w:tab/>")
		}
		if part != "" {
			b.WriteString(`<w:t xml:space="preserve">` + xmlText(part) + `</w:t>`)
		}
	}
	b.WriteString("</w:r>")
	return b.String()
}

// Para adds a paragraph in style; each line of text becomes its own paragraph.
func (d *Docx) Para(style, text string) {
	for _, line := range strings.Split(text, "\n") {
		d.body.WriteString(`<w:p><w:pPr><w:pStyle w:val="` + style + `"/></w:pPr>` + run(line, false) + `</w:p>`)
	}
}

// LeadPara adds a body paragraph whose first part is bold (a 1. list item's name, a lead-in).
func (d *Docx) LeadPara(lead, text string) {
	d.body.WriteString(`<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr>` + run(lead, true) + run(text, false) + `</w:p>`)
}

// TableCell is one cell; Span merges it over the next cells of its row.
type TableCell struct {
	Text  string
	Align string // left, center, right; center by default
	Bold  bool
	Span  int
}

// Table adds a table with explicit single borders on every edge and cell and a shaded
// header row that repeats on each page: LibreOffice draws some built-in table styles
// differently, so nothing is left to a style. widths are relative column widths.
func (d *Docx) Table(widths []int, header []string, rows [][]TableCell) {
	const textWidth = 8844 // twips between the margins
	total := 0
	for _, w := range widths {
		total += w
	}
	cols := make([]int, len(widths))
	for i, w := range widths {
		cols[i] = textWidth * w / total
	}
	border := func(tag string) string {
		return `<w:` + tag + ` w:val="single" w:sz="4" w:space="0" w:color="000000"/>`
	}
	borders := border("top") + border("left") + border("bottom") + border("right")
	b := &d.body
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="` + fmt.Sprint(textWidth) + `" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>` +
		borders + border("insideH") + border("insideV") + `</w:tblBorders><w:tblLayout w:type="fixed"/>` +
		`<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>`)
	for _, c := range cols {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, c)
	}
	b.WriteString(`</w:tblGrid>`)
	cell := func(c TableCell, col int, shade bool) int {
		span := max(c.Span, 1)
		w := 0
		for i := col; i < col+span && i < len(cols); i++ {
			w += cols[i]
		}
		b.WriteString(`<w:tc><w:tcPr>`)
		fmt.Fprintf(b, `<w:tcW w:w="%d" w:type="dxa"/>`, w)
		if span > 1 {
			fmt.Fprintf(b, `<w:gridSpan w:val="%d"/>`, span)
		}
		b.WriteString(`<w:tcBorders>` + borders + `</w:tcBorders>`)
		if shade {
			b.WriteString(`<w:shd w:val="clear" w:color="auto" w:fill="D9D9D9"/>`)
		}
		align := c.Align
		if align == "" {
			align = "center"
		}
		b.WriteString(`<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/><w:jc w:val="` + align + `"/></w:pPr>` +
			run(c.Text, c.Bold) + `</w:p></w:tc>`)
		return span
	}
	b.WriteString(`<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>`)
	for i, h := range header {
		cell(TableCell{Text: h, Bold: true}, i, true)
	}
	b.WriteString(`</w:tr>`)
	for _, r := range rows {
		b.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
		col := 0
		for _, c := range r {
			col += cell(c, col, false)
		}
		b.WriteString(`</w:tr>`)
	}
	b.WriteString(`</w:tbl>`)
}

// Image adds a PNG centred on its own line, widthCM wide, keeping its aspect ratio.
func (d *Docx) Image(png []byte, pxW, pxH int, widthCM float64, name string) {
	d.nextID++
	img := docxImage{RelID: fmt.Sprintf("rIdImage%d", d.nextID), Name: fmt.Sprintf("image%d.png", d.nextID), Data: png}
	d.images = append(d.images, img)
	cx := int64(widthCM * 360000)
	cy := cx * int64(pxH) / int64(max(pxW, 1))
	fmt.Fprintf(&d.body, `<w:p><w:pPr><w:pStyle w:val="Figure"/></w:pPr><w:r><w:drawing>`+
		`<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="%d" cy="%d"/><wp:effectExtent l="0" t="0" r="0" b="0"/>`+
		`<wp:docPr id="%d" name="%s"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>`+
		`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>`+
		`<pic:nvPicPr><pic:cNvPr id="%d" name="%s"/><pic:cNvPicPr/></pic:nvPicPr>`+
		`<pic:blipFill><a:blip r:embed="%s"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>`+
		`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>`+
		`</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`,
		cx, cy, d.nextID, xmlText(name), d.nextID, xmlText(name), img.RelID, cx, cy)
}

// PageBreak starts a new page.
func (d *Docx) PageBreak() { d.body.WriteString(`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`) }

// Bytes packages the document.
func (d *Docx) Bytes(created time.Time) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name string, data []byte) error {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: created})
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	}
	static := func(name, part string) error {
		b, err := docxParts.ReadFile("docxtmpl/" + part)
		if err != nil {
			return err
		}
		return add(name, b)
	}
	render := func(name, tmpl string, data any) error {
		var b bytes.Buffer
		if err := docxTemplates.ExecuteTemplate(&b, tmpl, data); err != nil {
			return err
		}
		return add(name, b.Bytes())
	}
	steps := []func() error{
		func() error { return static("[Content_Types].xml", "content_types.xml") },
		func() error { return static("_rels/.rels", "rels.xml") },
		func() error {
			return render("word/document.xml", "document.xml", map[string]string{"Body": d.body.String()})
		},
		func() error {
			return render("word/_rels/document.xml.rels", "document.xml.rels", map[string]any{"Images": d.images})
		},
		func() error { return static("word/styles.xml", "styles.xml") },
		func() error { return static("word/settings.xml", "settings.xml") },
		func() error { return static("word/fontTable.xml", "fontTable.xml") },
		func() error { return static("word/footer1.xml", "footer1.xml") },
		func() error {
			return render("docProps/core.xml", "core.xml", map[string]string{"Title": xmlText(d.title), "Author": xmlText(d.author),
				"Created": created.UTC().Format(time.RFC3339)})
		},
		func() error { return static("docProps/app.xml", "app.xml") },
	}
	for _, img := range d.images {
		steps = append(steps, func() error { return add("word/media/"+img.Name, img.Data) })
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, fmt.Errorf("docx: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
