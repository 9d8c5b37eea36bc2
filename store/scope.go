package store

import (
	"strings"

	"github.com/stride-hq/stride"
)

// scopeClause returns the SQL condition that limits rows to the actor's data scope: the
// union over its roles. unitCols name the columns that tie a record to units (a project's
// owner and lead unit); creatorCol names the user who created it. An actor without a
// scope matches nothing.
func scopeClause(q *query, a *stride.Actor, unitCols []string, creatorCol string) string {
	if a.SeesAll() {
		return "TRUE"
	}
	var parts []string
	anyCol := func(cond func(col string) string) {
		for _, c := range unitCols {
			parts = append(parts, cond(c))
		}
	}
	for _, s := range a.Scopes {
		switch s.Scope {
		case stride.ScopeCustom:
			if len(s.UnitIDs) == 0 {
				continue
			}
			ph := make([]string, len(s.UnitIDs))
			for i, id := range s.UnitIDs {
				ph[i] = q.arg(id)
			}
			list := strings.Join(ph, ", ")
			anyCol(func(c string) string { return c + " IN (" + list + ")" })
		case stride.ScopeUnit:
			p := q.arg(a.UnitID)
			anyCol(func(c string) string { return c + " = " + p })
		case stride.ScopeUnitAndDown:
			p := q.arg(a.UnitPath + "%")
			anyCol(func(c string) string { return c + " IN (SELECT id FROM units WHERE path LIKE " + p + ")" })
		case stride.ScopeSelf:
			if creatorCol != "" {
				parts = append(parts, creatorCol+" = "+q.arg(a.UserID))
			}
		}
	}
	if len(parts) == 0 {
		return "FALSE"
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}
