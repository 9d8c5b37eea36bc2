// Package office reads the Excel ledgers (台账) people really have — .xlsx, legacy .xls and
// .csv in UTF-8 or GBK, with title rows, merged two-row headings, subtotal and group rows —
// into ledger rows, and writes workbooks in the government ledger layout: the standard
// export, the import template and the error copy of an upload. It does no HTTP and no SQL.
package office

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/stride-hq/stride"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Limits on what Read accepts.
const (
	MaxFileBytes = 20 << 20 // an upload larger than this is refused
	MaxRows      = 20000    // rows per sheet
	MaxCols      = 256
	MaxSheets    = 50
)

// Book is a workbook read into text cells.
type Book struct {
	Format string // xlsx, xls or csv
	Sheets []*Sheet
}

// Sheet is one worksheet: its cells as text, row by row, and its merged ranges.
type Sheet struct {
	Name   string
	Rows   [][]string
	Merges []Merge
}

// Merge is a merged range, 0-based and inclusive.
type Merge struct{ Row1, Col1, Row2, Col2 int }

// Cell returns the text at row r, column c (0-based), "" outside the sheet.
func (s *Sheet) Cell(r, c int) string {
	if r < 0 || r >= len(s.Rows) || c < 0 || c >= len(s.Rows[r]) {
		return ""
	}
	return s.Rows[r][c]
}

// Width is the number of columns of the widest row.
func (s *Sheet) Width() int {
	w := 0
	for _, r := range s.Rows {
		w = max(w, len(r))
	}
	return w
}

// mergeAt returns the merged range covering (r, c), if any.
func (s *Sheet) mergeAt(r, c int) (Merge, bool) {
	for _, m := range s.Merges {
		if r >= m.Row1 && r <= m.Row2 && c >= m.Col1 && c <= m.Col2 {
			return m, true
		}
	}
	return Merge{}, false
}

func errInvalid(key string, args ...any) error { return stride.Errorf(stride.EInvalid, key, args...) }

// Read reads a workbook of any supported format, recognised by its content first and its
// name second. Every failure is an invalid *stride.Error whose message says what is wrong
// with the file in words a user can act on; no input makes it panic.
func Read(name string, data []byte) (book *Book, err error) {
	defer func() {
		if r := recover(); r != nil {
			book, err = nil, &stride.Error{Code: stride.EInvalid, Msg: stride.Msg{Key: "import.corrupt"}, Err: fmt.Errorf("reader panic: %v", r)}
		}
	}()
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return nil, errInvalid("import.empty")
	case len(data) > MaxFileBytes:
		return nil, errInvalid("import.too_large", MaxFileBytes>>20)
	}
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return readXLSX(data)
	case bytes.HasPrefix(data, cfbMagic):
		return readCFB(data)
	case isPicture(data):
		return nil, errInvalid("import.picture")
	case bytes.HasPrefix(data, []byte("%PDF")):
		return nil, errInvalid("import.format")
	case ext == ".xlsx" || ext == ".xls" || ext == ".xlsm":
		return nil, errInvalid("import.corrupt")
	}
	if ext == ".csv" || ext == ".txt" || ext == "" || looksLikeText(data) {
		return readCSV(data)
	}
	return nil, errInvalid("import.format")
}

var cfbMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

func isPicture(b []byte) bool {
	for _, magic := range [][]byte{{0x89, 'P', 'N', 'G'}, {0xFF, 0xD8, 0xFF}, []byte("GIF8"), []byte("BM"), []byte("RIFF")} {
		if bytes.HasPrefix(b, magic) {
			return true
		}
	}
	return false
}

func looksLikeText(b []byte) bool {
	head := b[:min(len(b), 4096)]
	return !bytes.ContainsRune(head, 0)
}

// readXLSX reads an Office Open XML workbook with raw cell values (so amounts keep every
// digit and dates arrive as serials the field parsers read).
func readXLSX(data []byte) (*Book, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue: true, UnzipSizeLimit: 200 << 20, UnzipXMLSizeLimit: 100 << 20})
	if err != nil {
		if errors.Is(err, excelize.ErrWorkbookFileFormat) || strings.Contains(err.Error(), "zip") {
			return nil, &stride.Error{Code: stride.EInvalid, Msg: stride.Msg{Key: "import.corrupt"}, Err: err}
		}
		return nil, &stride.Error{Code: stride.EInvalid, Msg: stride.Msg{Key: "import.corrupt"}, Err: err}
	}
	defer f.Close()
	book := &Book{Format: "xlsx"}
	names := f.GetSheetList()
	if len(names) > MaxSheets {
		names = names[:MaxSheets]
	}
	for _, name := range names {
		sh := &Sheet{Name: name}
		rows, err := f.Rows(name)
		if err != nil {
			continue // a chart sheet or a dialog sheet has no rows
		}
		for rows.Next() {
			if len(sh.Rows) >= MaxRows+50 {
				rows.Close()
				return nil, errInvalid("import.too_many_rows", MaxRows)
			}
			cols, err := rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				rows.Close()
				return nil, &stride.Error{Code: stride.EInvalid, Msg: stride.Msg{Key: "import.corrupt"}, Err: err}
			}
			if len(cols) > MaxCols {
				cols = cols[:MaxCols]
			}
			sh.Rows = append(sh.Rows, cols)
		}
		rows.Close()
		merges, _ := f.GetMergeCells(name, true)
		for _, m := range merges {
			c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
			c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
			if err1 == nil && err2 == nil && len(sh.Merges) < 10000 {
				sh.Merges = append(sh.Merges, Merge{r1 - 1, c1 - 1, r2 - 1, c2 - 1})
			}
		}
		book.Sheets = append(book.Sheets, sh)
	}
	if len(book.Sheets) == 0 {
		return nil, errInvalid("import.corrupt")
	}
	return book, nil
}

// readCSV reads comma-, semicolon- or tab-separated text in UTF-8 (with or without a
// byte-order mark) or GBK/GB18030, as Excel and WPS save it on Chinese Windows.
func readCSV(data []byte) (*Book, error) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(data) {
		dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil {
			return nil, errInvalid("import.encoding")
		}
		data = dec
	}
	first, _, _ := bytes.Cut(data, []byte("\n"))
	sep := ','
	best := bytes.Count(first, []byte(","))
	for _, c := range []rune{'\t', ';'} {
		if n := bytes.Count(first, []byte(string(c))); n > best {
			sep, best = c, n
		}
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = sep
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	sh := &Sheet{Name: "CSV"}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, &stride.Error{Code: stride.EInvalid, Msg: stride.Msg{Key: "import.corrupt"}, Err: err}
		}
		if len(sh.Rows) >= MaxRows+50 {
			return nil, errInvalid("import.too_many_rows", MaxRows)
		}
		if len(rec) > MaxCols {
			rec = rec[:MaxCols]
		}
		sh.Rows = append(sh.Rows, rec)
	}
	return &Book{Format: "csv", Sheets: []*Sheet{sh}}, nil
}

// ColName is the Excel column letter of a 0-based column: 0 is A, 27 is AB.
func ColName(c int) string {
	s := ""
	for c++; c > 0; c = (c - 1) / 26 {
		s = string(rune('A'+(c-1)%26)) + s
	}
	return s
}

// ColIndex is the 0-based column of an Excel column letter, -1 when malformed.
func ColIndex(s string) int {
	s = strings.ToUpper(strings.TrimSpace(s))
	if s == "" || len(s) > 3 {
		return -1
	}
	n := 0
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return -1
		}
		n = n*26 + int(r-'A') + 1
	}
	return n - 1
}

// CellName is the Excel reference of a 0-based cell: (0, 0) is A1.
func CellName(r, c int) string { return ColName(c) + strconv.Itoa(r+1) }
