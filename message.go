package stride

import "time"

// Message is a to-do or notice in the in-app message centre (the bell).
type Message struct {
	ID        int64      `json:"id"`
	Kind      string     `json:"kind"` // todo, notice
	Title     string     `json:"title"`
	Body      string     `json:"body"`
	Link      string     `json:"link"` // a path in the web app
	CreatedAt time.Time  `json:"created_at"`
	DoneAt    *time.Time `json:"done_at"`
}
