package kit

import (
	"strconv"
	"strings"

	"github.com/switchboard-cx/switchboard/app/wire"
)

// FieldTexts words the fields a request to path was refused for, for the
// form that sent it: the server says why in reason codes, the catalog says
// it in the reader's language.
func FieldTexts(path string, fields map[string]wire.FieldProblem) map[string]string {
	if len(fields) == 0 {
		return nil
	}
	out := make(map[string]string, len(fields))
	for field, p := range fields {
		out[field] = FieldText(resource(path), field, p)
	}
	return out
}

// FieldText is the most specific catalog text for a refused field, the
// bounds filled in.
func FieldText(resource, field string, p wire.FieldProblem) string {
	for _, id := range []string{
		"field." + resource + "." + field + "." + p.Reason,
		"field." + resource + "." + field,
		"field." + resource + "." + p.Reason,
		"field." + field + "." + p.Reason,
		"field." + resource + ".check",
	} {
		if s, ok := english[id]; ok {
			return strings.NewReplacer("{min}", strconv.Itoa(p.Min), "{max}", strconv.Itoa(p.Max)).Replace(s)
		}
	}
	return english["field.check"]
}

// resource names the collection an API path addresses: "workstreams" for
// /api/admin/workstreams/3, "chat" for /api/chat.
func resource(path string) string {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	for i := len(parts) - 1; i >= 0; i-- {
		if _, err := strconv.ParseInt(parts[i], 10, 64); err != nil && parts[i] != "password" {
			return parts[i]
		}
	}
	return ""
}
