package stride

import "time"

// Message is a to-do or notice in the in-app message centre (the bell).
//
// Whoever posts one gives the title and body as messages (TitleMsg, BodyMsg); they are kept
// unrendered and rendered in each reader's language. Title and Body hold the rendered text;
// messages posted before they were kept unrendered have only the Chinese text.
type Message struct {
	ID        int64      `json:"id"`
	Kind      string     `json:"kind"` // todo, notice
	Title     string     `json:"title"`
	Body      string     `json:"body"`
	Link      string     `json:"link"` // a path in the web app
	CreatedAt time.Time  `json:"created_at"`
	DoneAt    *time.Time `json:"done_at"`

	TitleMsg Msg `json:"-"`
	BodyMsg  Msg `json:"-"`
}

// Render fills Title and Body in lang from the messages they were posted as.
func (m *Message) Render(lang Lang) {
	if m.TitleMsg.Key != "" {
		m.Title = m.TitleMsg.In(lang)
	}
	if m.BodyMsg.Key != "" {
		m.Body = m.BodyMsg.In(lang)
	}
}
