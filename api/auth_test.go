package api_test

import (
	"strings"
	"testing"
	"time"
)

func TestLockoutAndUnlock(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		c := e.client()
		bad := map[string]string{"username": "bank", "password": "Wrong@2025"}
		for i := 1; i <= 4; i++ {
			r := c.do("POST", "/api/v1/auth/login", bad)
			if r.status != 401 || !strings.Contains(r.json(t)["message"].(string), "再错") {
				t.Fatalf("failure %d: %d %s", i, r.status, r.body)
			}
		}
		r := c.do("POST", "/api/v1/auth/login", bad)
		m := r.json(t)
		if r.status != 401 || m["reason"] != "account_locked" || !strings.Contains(m["message"].(string), "密码输入错误5次，帐户锁定15分钟") {
			t.Fatalf("fifth failure: %d %s", r.status, r.body)
		}
		// 2025-03-31 02:00 UTC is 10:00 in Shanghai: the unlock time is 10:15.
		if !strings.Contains(m["message"].(string), "10:15") {
			t.Fatalf("lockout message does not say until when: %s", m["message"])
		}
		good := map[string]string{"username": "bank", "password": "Stride@2025"}
		if r := c.do("POST", "/api/v1/auth/login", good); r.status != 401 || r.json(t)["reason"] != "account_locked" {
			t.Fatalf("right password while locked: %d %s", r.status, r.body)
		}
		sec := e.login("secadmin")
		users := sec.do("GET", "/api/v1/users?q=bank", nil).json(t)["items"].([]any)
		bank := users[0].(map[string]any)
		if bank["locked"] != true {
			t.Fatalf("bank not shown as locked: %v", bank)
		}
		if r := sec.do("POST", "/api/v1/users/"+itoa(bank["id"].(float64))+"/unlock", nil); r.status != 200 || r.json(t)["locked"] != false {
			t.Fatalf("unlock: %d %s", r.status, r.body)
		}
		if r := c.do("POST", "/api/v1/auth/login", good); r.status != 200 {
			t.Fatalf("login after unlock: %d %s", r.status, r.body)
		}
		// Every attempt is in the login log.
		logs := e.login("auditor").do("GET", "/api/v1/login-logs?username=bank&size=100", nil).json(t)
		outcomes := map[string]int{}
		for _, it := range logs["items"].([]any) {
			outcomes[it.(map[string]any)["outcome"].(string)]++
		}
		if outcomes["bad_password"] != 4 || outcomes["locked"] != 2 || outcomes["success"] != 1 {
			t.Fatalf("login log outcomes: %v", outcomes)
		}
	})
}

func TestLockoutExpires(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		c := e.client()
		for range 5 {
			c.do("POST", "/api/v1/auth/login", map[string]string{"username": "leader", "password": "nope-nope-1A"})
		}
		e.clock.Add(14 * time.Minute)
		if r := c.do("POST", "/api/v1/auth/login", map[string]string{"username": "leader", "password": "Stride@2025"}); r.status != 401 {
			t.Fatalf("after 14 minutes: %d", r.status)
		}
		e.clock.Add(2 * time.Minute)
		if r := c.do("POST", "/api/v1/auth/login", map[string]string{"username": "leader", "password": "Stride@2025"}); r.status != 200 {
			t.Fatalf("after 16 minutes: %d %s", r.status, r.body)
		}
	})
}

func TestIdleTimeoutAndLogout(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		c := e.login("hq")
		// Activity keeps the session alive past the timeout measured from sign-in.
		for range 3 {
			e.clock.Add(20 * time.Minute)
			if r := c.do("GET", "/api/v1/me", nil); r.status != 200 {
				t.Fatalf("active session: %d %s", r.status, r.body)
			}
		}
		e.clock.Add(31 * time.Minute)
		r := c.do("GET", "/api/v1/me", nil)
		if r.status != 401 || r.json(t)["reason"] != "session_expired" {
			t.Fatalf("idle session: %d %s", r.status, r.body)
		}
		c = e.login("hq")
		if r := c.do("POST", "/api/v1/auth/logout", nil); r.status != 204 {
			t.Fatalf("logout: %d", r.status)
		}
		if r := c.do("GET", "/api/v1/me", nil); r.status != 401 {
			t.Fatalf("after logout: %d", r.status)
		}
	})
}

func TestFirstLoginPasswordChange(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		admin := e.login("sysadmin")
		r := admin.do("POST", "/api/v1/users", map[string]any{"username": "newbie", "name": "新同事", "unit_id": 4, "password": "short"})
		if r.status != 400 || !strings.Contains(r.field(t, "password"), "至少8位") {
			t.Fatalf("weak initial password: %d %s", r.status, r.body)
		}
		r = admin.do("POST", "/api/v1/users", map[string]any{"username": "newbie", "name": "新同事", "unit_id": 4, "password": "alllowercase1"})
		if r.status != 400 || !strings.Contains(r.field(t, "password"), "至少3类") {
			t.Fatalf("two-class password: %d %s", r.status, r.body)
		}
		r = admin.do("POST", "/api/v1/users", map[string]any{"username": "newbie", "name": "新同事", "unit_id": 4, "password": "Initial#2025", "phone": "13812345678"})
		if r.status != 201 {
			t.Fatalf("create user: %d %s", r.status, r.body)
		}
		created := r.json(t)
		if created["must_change_password"] != true || created["phone"] != "138****5678" {
			t.Fatalf("created user: %s", r.body)
		}
		if r := admin.do("POST", "/api/v1/users", map[string]any{"username": "NEWBIE", "name": "重名", "unit_id": 4, "password": "Initial#2025"}); r.status != 409 || r.field(t, "username") == "" {
			t.Fatalf("duplicate username: %d %s", r.status, r.body)
		}
		sec := e.login("secadmin")
		roles := sec.do("GET", "/api/v1/roles", nil).json(t)["items"].([]any)
		var deptRole float64
		for _, it := range roles {
			if it.(map[string]any)["code"] == "dept" {
				deptRole = it.(map[string]any)["id"].(float64)
			}
		}
		if r := sec.do("PUT", "/api/v1/users/"+itoa(created["id"].(float64))+"/roles", map[string]any{"role_ids": []float64{deptRole}, "version": created["version"]}); r.status != 200 {
			t.Fatalf("grant: %d %s", r.status, r.body)
		}

		c := e.client()
		r = c.do("POST", "/api/v1/auth/login", map[string]string{"username": "newbie", "password": "Initial#2025"})
		if r.status != 200 || r.json(t)["must_change_password"] != true {
			t.Fatalf("first login: %d %s", r.status, r.body)
		}
		r = c.do("GET", "/api/v1/projects", nil)
		if r.status != 403 || r.json(t)["reason"] != "password_change_required" {
			t.Fatalf("business call before the change: %d %s", r.status, r.body)
		}
		if r := c.do("POST", "/api/v1/me/password", map[string]string{"old_password": "wrong", "new_password": "Better#2025"}); r.status != 400 || r.field(t, "old_password") == "" {
			t.Fatalf("wrong old password: %d %s", r.status, r.body)
		}
		if r := c.do("POST", "/api/v1/me/password", map[string]string{"old_password": "Initial#2025", "new_password": "Initial#2025"}); r.status != 400 || r.field(t, "new_password") == "" {
			t.Fatalf("same password: %d %s", r.status, r.body)
		}
		if r := c.do("POST", "/api/v1/me/password", map[string]string{"old_password": "Initial#2025", "new_password": "Better#2025"}); r.status != 204 {
			t.Fatalf("change: %d %s", r.status, r.body)
		}
		if r := c.do("GET", "/api/v1/projects", nil); r.status != 200 {
			t.Fatalf("after the change: %d %s", r.status, r.body)
		}
		// Ninety days later the password has expired.
		e.clock.Add(91 * 24 * time.Hour)
		c2 := e.client()
		if r := c2.do("POST", "/api/v1/auth/login", map[string]string{"username": "newbie", "password": "Better#2025"}); r.status != 200 || r.json(t)["password_expired"] != true {
			t.Fatalf("expired login: %d %s", r.status, r.body)
		}
		if r := c2.do("GET", "/api/v1/projects", nil); r.status != 403 || r.json(t)["reason"] != "password_expired" {
			t.Fatalf("expired password: %d %s", r.status, r.body)
		}
	})
}

func TestAdminSeparation(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		sec := e.login("secadmin")
		roles := map[string]float64{}
		for _, it := range sec.do("GET", "/api/v1/roles", nil).json(t)["items"].([]any) {
			roles[it.(map[string]any)["code"].(string)] = it.(map[string]any)["id"].(float64)
		}
		users := map[string]map[string]any{}
		for _, it := range sec.do("GET", "/api/v1/users?size=100", nil).json(t)["items"].([]any) {
			users[it.(map[string]any)["username"].(string)] = it.(map[string]any)
		}
		hq := users["hq"]
		path := "/api/v1/users/" + itoa(hq["id"].(float64)) + "/roles"
		for _, combo := range [][]string{{"hq", "auditor"}, {"sysadmin", "secadmin"}} {
			var ids []float64
			for _, c := range combo {
				ids = append(ids, roles[c])
			}
			r := sec.do("PUT", path, map[string]any{"role_ids": ids, "version": hq["version"]})
			if r.status != 400 || !strings.Contains(r.field(t, "role_ids"), "三员分立") {
				t.Errorf("grant %v: %d %s", combo, r.status, r.body)
			}
		}
		self := users["secadmin"]
		r := sec.do("PUT", "/api/v1/users/"+itoa(self["id"].(float64))+"/roles", map[string]any{"role_ids": []float64{roles["secadmin"], roles["hq"]}, "version": self["version"]})
		if r.status != 403 {
			t.Errorf("self grant: %d %s", r.status, r.body)
		}
		// Admin roles cannot be edited, custom roles cannot take admin permissions.
		r = sec.do("PUT", "/api/v1/roles/"+itoa(roles["auditor"]), map[string]any{"code": "auditor", "name": "审计", "permissions": []string{"project:project:read"}, "data_scope": 1, "version": 1})
		if r.status != 403 {
			t.Errorf("edit auditor role: %d %s", r.status, r.body)
		}
		r = sec.do("POST", "/api/v1/roles", map[string]any{"code": "mixed", "name": "混合", "permissions": []string{"project:project:read", "audit:log:read"}, "data_scope": 1})
		if r.status != 400 || !strings.Contains(r.field(t, "permissions"), "三员") {
			t.Errorf("custom role with admin permission: %d %s", r.status, r.body)
		}
		r = sec.do("POST", "/api/v1/roles", map[string]any{"code": "area", "name": "片区", "permissions": []string{"project:project:read"}, "data_scope": 2})
		if r.status != 400 || r.field(t, "unit_ids") == "" {
			t.Errorf("custom scope without units: %d %s", r.status, r.body)
		}
		r = sec.do("POST", "/api/v1/roles", map[string]any{"code": "area", "name": "片区", "permissions": []string{"project:project:read"}, "data_scope": 2, "unit_ids": []int{13}})
		if r.status != 201 {
			t.Fatalf("custom role: %d %s", r.status, r.body)
		}
	})
}

func TestAuditRecordsBeforeAndAfter(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		hq := e.login("hq")
		id := e.projectID(hq, "保利通信产业园")
		in := projectInput(hq.do("GET", "/api/v1/projects/"+itoa(id), nil).json(t))
		in["stage"] = "completed"
		if r := hq.do("PUT", "/api/v1/projects/"+itoa(id), in); r.status != 200 {
			t.Fatalf("update: %d %s", r.status, r.body)
		}
		r := e.login("auditor").do("GET", "/api/v1/audit-logs?action=project.update", nil)
		items := r.json(t)["items"].([]any)
		if len(items) != 1 {
			t.Fatalf("audit rows: %s", r.body)
		}
		row := items[0].(map[string]any)
		before, after := row["before"].(map[string]any), row["after"].(map[string]any)
		if row["username"] != "hq" || row["ip"] != "127.0.0.1" || before["stage"] != "construction" || after["stage"] != "completed" || row["unit_name"] != "福州高新区项目建设指挥部" {
			t.Fatalf("audit row: %v", row)
		}
	})
}
