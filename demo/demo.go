// Package demo fills an empty database with the demo zone: the units of Fuzhou High-tech
// Zone's project HQ, its departments, the owner enterprises of the projects the source
// article names, two banks, one account per built-in role and those projects.
package demo

import (
	"context"
	"fmt"

	"github.com/stride-hq/stride"
	"github.com/stride-hq/stride/store"
)

// Password is every demo account's password. Demo accounts skip the first-login change.
const Password = "Stride@2025"

// Account is one demo sign-in.
type Account struct {
	Username string
	Role     string
	Unit     string
}

// Accounts lists the demo sign-ins, one per built-in role.
var Accounts = []Account{
	{"hq", stride.RoleHQ, "福州高新区项目建设指挥部"},
	{"dept", stride.RoleDept, "经济发展局"},
	{"owner", stride.RoleOwner, "保利（福州）通信产业园开发有限公司"},
	{"bank", stride.RoleBank, "中国建设银行福州高新区支行"},
	{"leader", stride.RoleLeader, "福州高新区管委会"},
	{"agent", stride.RoleAgent, "企业服务中心（帮办代办中心）"},
	{"sysadmin", stride.RoleSysAdmin, "信息中心"},
	{"secadmin", stride.RoleSecAdmin, "信息中心"},
	{"auditor", stride.RoleAuditor, "信息中心"},
}

var names = map[string]string{
	"hq": "林建华", "dept": "陈志强", "owner": "王海峰", "bank": "张丽萍", "leader": "黄国平",
	"agent": "刘晓燕", "sysadmin": "郑明", "secadmin": "吴磊", "auditor": "许静",
}

type unitSpec struct {
	name, parent string
	kind         stride.UnitKind
}

var units = []unitSpec{
	{"福州高新区管委会", "", stride.UnitHQ},
	{"福州高新区项目建设指挥部", "福州高新区管委会", stride.UnitHQ},
	{"信息中心", "福州高新区管委会", stride.UnitDepartment},
	{"经济发展局", "福州高新区管委会", stride.UnitDepartment},
	{"规划建设局", "福州高新区管委会", stride.UnitDepartment},
	{"自然资源和规划分局", "福州高新区管委会", stride.UnitDepartment},
	{"招商服务中心", "福州高新区管委会", stride.UnitDepartment},
	{"财政金融局", "福州高新区管委会", stride.UnitDepartment},
	{"社会事业局", "福州高新区管委会", stride.UnitDepartment},
	{"企业服务中心（帮办代办中心）", "福州高新区管委会", stride.UnitDepartment},
	{"项目业主单位", "福州高新区管委会", stride.UnitOther},
	{"福州高新区城市建设发展有限公司", "项目业主单位", stride.UnitEnterprise},
	{"保利（福州）通信产业园开发有限公司", "项目业主单位", stride.UnitEnterprise},
	{"福州国际人才港建设发展有限公司", "项目业主单位", stride.UnitEnterprise},
	{"福州良存华侨学校", "项目业主单位", stride.UnitEnterprise},
	{"合作银行", "福州高新区管委会", stride.UnitOther},
	{"中国建设银行福州高新区支行", "合作银行", stride.UnitBank},
	{"兴业银行福州高新区支行", "合作银行", stride.UnitBank},
}

// Seed fills an empty database with the demo zone as it stands on today: 293 projects
// whose plans for today's year add up to 214.1亿元, the four projects the source article
// names in the states it gives, reports up to the month due, a running 奋战60天 campaign,
// and last year's outcome as the article reports it (43 starts, 34 completions, 136
// provincial and municipal key projects completing about 193亿元), and last week's
// inspection with its findings, orders and published bulletin. It refuses a database
// that already has units, so it never mixes demo data into a real zone.
func Seed(ctx context.Context, db *store.DB, today stride.Date) error {
	existing, err := db.ListUnits(ctx, stride.UnitFilter{})
	if err != nil {
		return err
	}
	if existing.Total > 0 {
		return fmt.Errorf("demo: the database already has %d units; the demo zone needs an empty one", existing.Total)
	}
	a := stride.SystemActor("demo")
	unitIDs, err := seedOrg(ctx, db, a, enterpriseUnits())
	if err != nil {
		return err
	}
	zone, err := zoneProjects(today, unitIDs)
	if err != nil {
		return err
	}
	ids, err := db.Seed(ctx, a, zone)
	if err != nil {
		return err
	}
	if err := seedCampaign(ctx, db, a, today); err != nil {
		return err
	}
	// Approval paths on working-day clocks, agency cases, land files and blockages.
	if err := seedApprovals(ctx, db, today, ids, unitIDs); err != nil {
		return err
	}
	if _, err = db.UpdateSettings(ctx, a, stride.Settings{ZoneName: "福州高新区", PlatformName: "重点项目建设提速平台",
		HQName: "福州高新区项目建设指挥部", ReportDeadlineDay: 5}); err != nil {
		return err
	}
	// Last week's inspection, its orders and its published bulletin (一周一督查一通报).
	return seedInspections(ctx, db, a, today, ids, unitIDs)
}

// seedOrg creates the zone's units, the extra ones given, and one account per role.
func seedOrg(ctx context.Context, db *store.DB, a *stride.Actor, extra []unitSpec) (map[string]int64, error) {
	unitIDs := map[string]int64{}
	for i, u := range append(units, extra...) {
		in := stride.UnitInput{Name: u.name, Kind: u.kind, Sort: i}
		if u.parent != "" {
			id := unitIDs[u.parent]
			in.ParentID = &id
		}
		created, err := db.CreateUnit(ctx, a, in)
		if err != nil {
			return nil, fmt.Errorf("demo: unit %s: %w", u.name, err)
		}
		unitIDs[u.name] = created.ID
	}
	roles, err := db.ListRoles(ctx)
	if err != nil {
		return nil, err
	}
	roleIDs := map[string]int64{}
	for _, r := range roles.Items {
		roleIDs[r.Code] = r.ID
	}
	for _, acc := range Accounts {
		u, err := db.CreateUser(ctx, a, stride.UserInput{Username: acc.Username, Name: names[acc.Username],
			UnitID: unitIDs[acc.Unit], Password: Password}, false)
		if err != nil {
			return nil, fmt.Errorf("demo: user %s: %w", acc.Username, err)
		}
		if _, err := db.GrantRoles(ctx, a, u.ID, stride.GrantInput{RoleIDs: []int64{roleIDs[acc.Role]}, Version: u.Version}); err != nil {
			return nil, fmt.Errorf("demo: grant %s: %w", acc.Username, err)
		}
	}
	return unitIDs, nil
}
