package store

import (
	"strings"

	"github.com/stride-hq/stride"
)

// unitPredicate returns, for one role scope, the SQL condition that a unit id expression
// lies in the scope, or "" when the scope is not about units.
func unitPredicate(q *query, a *stride.Actor, s stride.RoleScope) func(expr string) string {
	switch s.Scope {
	case stride.ScopeCustom:
		if len(s.UnitIDs) == 0 {
			return nil
		}
		ph := make([]string, len(s.UnitIDs))
		for i, id := range s.UnitIDs {
			ph[i] = q.arg(id)
		}
		list := strings.Join(ph, ", ")
		return func(expr string) string { return expr + " IN (" + list + ")" }
	case stride.ScopeUnit:
		p := q.arg(a.UnitID)
		return func(expr string) string { return expr + " = " + p }
	case stride.ScopeUnitAndDown:
		p := q.arg(a.UnitPath + "%")
		return func(expr string) string { return expr + " IN (SELECT id FROM units WHERE path LIKE " + p + ")" }
	}
	return nil
}

// scopeClause returns the SQL condition that limits rows to the actor's data scope: the
// union over its roles. unitRefs turn a unit predicate into a condition on the record (a
// column compared directly, or an EXISTS over a link table); creatorCol names the user who
// created the record. An actor without a scope matches nothing.
func scopeClause(q *query, a *stride.Actor, unitRefs []func(pred func(string) string) string, creatorCol string) string {
	if a.SeesAll() {
		return "TRUE"
	}
	var parts []string
	for _, s := range a.Scopes {
		if s.Scope == stride.ScopeSelf {
			if creatorCol != "" {
				parts = append(parts, creatorCol+" = "+q.arg(a.UserID))
			}
			continue
		}
		pred := unitPredicate(q, a, s)
		if pred == nil {
			continue
		}
		for _, ref := range unitRefs {
			parts = append(parts, ref(pred))
		}
	}
	if len(parts) == 0 {
		return "FALSE"
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

// column is a unit reference held in a column of the record itself.
func column(col string) func(pred func(string) string) string {
	return func(pred func(string) string) string { return pred(col) }
}
