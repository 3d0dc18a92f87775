package e2e

import "testing"

// The server refuses a field with a reason code and its bounds, never in
// English; the page words it through its catalog, in the words users saw
// when the server still wrote them [A1].
func TestRefusalsAreWordedByThePage(t *testing.T) {
	srv := startServer(t)
	admin := setUpAsAdmin(t, srv)
	agents := byRole("region", "Agents")

	fillIn(admin, byLabel("Email").in(agents), "cleo@example.com")
	fillIn(admin, byLabel("Full name").in(agents), "Cleo Agent")
	fillIn(admin, byLabel("Password").in(agents), "short")
	clickOn(admin, byRole("button", "Add").in(agents))
	waitTextIn(admin, byCSS(".field-error").in(agents), "Use a password of at least 8 characters.")
	waitValue(admin, byLabel("Full name").in(agents), "Cleo Agent") // nothing typed is lost
	screenshot(t, admin, "admin-refusal")

	fillIn(admin, byLabel("Email").in(agents), "dana@example.com")
	fillIn(admin, byLabel("Password").in(agents), "a long enough password")
	clickOn(admin, byRole("button", "Add").in(agents))
	waitTextIn(admin, byCSS(".field-error").in(agents), "An agent with this email already exists.")
}
