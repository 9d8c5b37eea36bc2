package office

import (
	"bytes"
	"encoding/binary"
	"io"
	"math"
	"strconv"
	"unicode/utf16"

	"github.com/shakinm/xlsReader/cfb"
	"github.com/shakinm/xlsReader/xls"
	"github.com/stride-hq/stride"
)

// readCFB reads a compound-file document: a legacy .xls workbook (BIFF8), or refuses an
// encrypted .xlsx, which Office stores in the same container.
func readCFB(data []byte) (*Book, error) {
	container, err := cfb.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, &stride.Error{Code: stride.EInvalid, Msg: stride.Msg{Key: "import.corrupt"}, Err: err}
	}
	var book, root *cfb.Directory
	for _, d := range container.GetDirs() {
		switch d.Name() {
		case "EncryptedPackage", "EncryptionInfo":
			return nil, errInvalid("import.encrypted")
		case "Workbook", "Book":
			if book == nil || d.Name() == "Workbook" {
				book = d
			}
		case "Root Entry":
			root = d
		}
	}
	if book == nil {
		return nil, errInvalid("import.format")
	}
	size := book.GetStreamSize()
	if size == 0 || size > MaxFileBytes*2 {
		return nil, errInvalid("import.corrupt")
	}
	r, err := container.OpenObject(book, root)
	if err != nil {
		return nil, &stride.Error{Code: stride.EInvalid, Msg: stride.Msg{Key: "import.corrupt"}, Err: err}
	}
	stream := make([]byte, size)
	if _, err := io.ReadFull(r, stream); err != nil {
		return nil, &stride.Error{Code: stride.EInvalid, Msg: stride.Msg{Key: "import.corrupt"}, Err: err}
	}
	globals, err := walkGlobals(stream)
	if err != nil {
		return nil, err
	}
	wb, err := xls.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, &stride.Error{Code: stride.EInvalid, Msg: stride.Msg{Key: "import.corrupt"}, Err: err}
	}
	out := &Book{Format: "xls"}
	sheets := wb.GetSheets()
	for i := range sheets {
		if i >= MaxSheets {
			break
		}
		s := &sheets[i]
		sh := &Sheet{Name: s.GetName()}
		n := s.GetNumberRows()
		if n > MaxRows+50 {
			return nil, errInvalid("import.too_many_rows", MaxRows)
		}
		for _, row := range s.GetRows() {
			cols := row.GetCols()
			if len(cols) > MaxCols {
				cols = cols[:MaxCols]
			}
			texts := make([]string, len(cols))
			for ci, c := range cols {
				texts[ci] = c.GetString()
			}
			sh.Rows = append(sh.Rows, texts)
		}
		if i < len(globals) {
			extra := walkSheet(stream, globals[i])
			sh.Merges = extra.merges
			for cell, v := range extra.formulas {
				r, c := cell[0], cell[1]
				if r >= MaxRows+50 || c >= MaxCols {
					continue
				}
				for len(sh.Rows) <= r {
					sh.Rows = append(sh.Rows, nil)
				}
				for len(sh.Rows[r]) <= c {
					sh.Rows[r] = append(sh.Rows[r], "")
				}
				if sh.Rows[r][c] == "" {
					sh.Rows[r][c] = v
				}
			}
		}
		out.Sheets = append(out.Sheets, sh)
	}
	if len(out.Sheets) == 0 {
		return nil, errInvalid("import.corrupt")
	}
	return out, nil
}

// BIFF8 record types this reader looks at itself, beside what xlsReader reads.
const (
	recEOF        = 0x000A
	recFilePass   = 0x002F
	recBoundSheet = 0x0085
	recMergeCells = 0x00E5
	recFormula    = 0x0006
	recString     = 0x0207
	recBOF        = 0x0809
)

// walkGlobals reads the workbook globals: refuses an encrypted workbook and returns each
// sheet's stream offset in order.
func walkGlobals(stream []byte) ([]uint32, error) {
	var offsets []uint32
	for p := 0; p+4 <= len(stream); {
		typ := binary.LittleEndian.Uint16(stream[p:])
		n := int(binary.LittleEndian.Uint16(stream[p+2:]))
		body := stream[p+4 : min(len(stream), p+4+n)]
		switch typ {
		case recFilePass:
			return nil, errInvalid("import.encrypted")
		case recBoundSheet:
			if len(body) >= 4 {
				offsets = append(offsets, binary.LittleEndian.Uint32(body))
			}
		case recEOF:
			return offsets, nil
		}
		p += 4 + n
	}
	return offsets, nil
}

type sheetExtra struct {
	merges   []Merge
	formulas map[[2]int]string
}

// walkSheet reads what xlsReader skips from a sheet's records: merged ranges and the
// cached results of formulas (totals rows are usually formulas).
func walkSheet(stream []byte, offset uint32) sheetExtra {
	out := sheetExtra{formulas: map[[2]int]string{}}
	var pending *[2]int // a formula whose string result follows in a STRING record
	first := true
	for p := int(offset); p >= 0 && p+4 <= len(stream); {
		typ := binary.LittleEndian.Uint16(stream[p:])
		n := int(binary.LittleEndian.Uint16(stream[p+2:]))
		body := stream[p+4 : min(len(stream), p+4+n)]
		if first && typ != recBOF {
			return out
		}
		first = false
		switch typ {
		case recMergeCells:
			if len(body) >= 2 {
				count := int(binary.LittleEndian.Uint16(body))
				for i := 0; i < count && 2+8*i+8 <= len(body) && len(out.merges) < 10000; i++ {
					b := body[2+8*i:]
					out.merges = append(out.merges, Merge{
						Row1: int(binary.LittleEndian.Uint16(b)), Row2: int(binary.LittleEndian.Uint16(b[2:])),
						Col1: int(binary.LittleEndian.Uint16(b[4:])), Col2: int(binary.LittleEndian.Uint16(b[6:]))})
				}
			}
		case recFormula:
			pending = nil
			if len(body) >= 14 {
				cell := [2]int{int(binary.LittleEndian.Uint16(body)), int(binary.LittleEndian.Uint16(body[2:]))}
				v := body[6:14]
				if v[6] == 0xFF && v[7] == 0xFF {
					switch v[0] {
					case 0:
						pending = &cell
					case 1:
						out.formulas[cell] = map[bool]string{true: "TRUE", false: "FALSE"}[v[2] != 0]
					}
				} else {
					f := math.Float64frombits(binary.LittleEndian.Uint64(v))
					if !math.IsNaN(f) && !math.IsInf(f, 0) {
						out.formulas[cell] = strconv.FormatFloat(f, 'f', -1, 64)
					}
				}
			}
		case recString:
			if pending != nil && len(body) >= 3 {
				cch := int(binary.LittleEndian.Uint16(body))
				out.formulas[*pending] = biffString(body[3:], cch, body[2]&1 == 1)
			}
			pending = nil
		case recEOF:
			return out
		}
		p += 4 + n
	}
	return out
}

// biffString decodes an XLUnicodeString body: UTF-16LE when high is set, else one byte
// per character (Latin-1).
func biffString(b []byte, cch int, high bool) string {
	if high {
		u := make([]uint16, 0, cch)
		for i := 0; i+1 < len(b) && len(u) < cch; i += 2 {
			u = append(u, binary.LittleEndian.Uint16(b[i:]))
		}
		return string(utf16.Decode(u))
	}
	r := make([]rune, 0, cch)
	for i := 0; i < len(b) && len(r) < cch; i++ {
		r = append(r, rune(b[i]))
	}
	return string(r)
}
