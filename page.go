package stride

import "strings"

// Page is the paging and sorting of a list request.
type Page struct {
	Number int    // 1-based
	Size   int    // rows per page
	Sort   string // a column key, "-" prefixed for descending

	// KnownTotal, when above 0, is the total an earlier page of the same listing counted:
	// the store answers it as the List's Total instead of counting the matches again. An
	// export reading a long list page by page sets it, so it counts once, not per page.
	// It is never read from a request.
	KnownTotal int
}

// Page size bounds.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// Normalize clamps the page into range.
func (p *Page) Normalize() {
	if p.Number < 1 {
		p.Number = 1
	}
	if p.Size < 1 {
		p.Size = DefaultPageSize
	}
	if p.Size > MaxPageSize {
		p.Size = MaxPageSize
	}
}

// Offset is the number of rows before the page.
func (p Page) Offset() int { return (p.Number - 1) * p.Size }

// SortKey splits the sort into its column key and direction.
func (p Page) SortKey() (key string, desc bool) {
	return strings.TrimPrefix(p.Sort, "-"), strings.HasPrefix(p.Sort, "-")
}

// List is one page of results and the total count of matches.
type List[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}
