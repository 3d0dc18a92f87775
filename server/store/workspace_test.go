package store

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestWorkspaceParts(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	ana, err := s.CreateAgent(ctx, "ana@example.com", "Ana Agent", "agent", "password1")
	require.NoError(t, err)
	bo, err := s.CreateAgent(ctx, "bo@example.com", "Bo Agent", "agent", "password1")
	require.NoError(t, err)

	t.Run("nothing saved is an empty workspace", func(t *testing.T) {
		got, err := s.WorkspaceParts(ctx, ana.ID)
		require.NoError(t, err)
		require.Empty(t, got)
	})

	t.Run("a change made from the stored version applies; one from an older version comes back to merge", func(t *testing.T) {
		applied, conflicts, err := s.ChangeWorkspace(ctx, ana.ID, []WorkspaceChange{
			{Part: "layout", Value: "L1"}, {Part: "draft/s1", Value: "Hel"},
		})
		require.NoError(t, err)
		require.Equal(t, map[string]int64{"layout": 1, "draft/s1": 1}, applied)
		require.Empty(t, conflicts)

		// Window one types on; window two, which also saw version 1, too.
		applied, _, err = s.ChangeWorkspace(ctx, ana.ID, []WorkspaceChange{{Part: "draft/s1", Value: "Hello", Base: 1}})
		require.NoError(t, err)
		require.Equal(t, map[string]int64{"draft/s1": 2}, applied)
		applied, conflicts, err = s.ChangeWorkspace(ctx, ana.ID, []WorkspaceChange{
			{Part: "draft/s1", Value: "Help", Base: 1}, {Part: "layout", Value: "L2", Base: 1},
		})
		require.NoError(t, err)
		require.Equal(t, map[string]int64{"layout": 2}, applied, "the other part still applies")
		require.Equal(t, map[string]WorkspacePart{"draft/s1": {Value: "Hello", Version: 2}}, conflicts)

		// A second window starting fresh cannot create over a stored part.
		_, conflicts, err = s.ChangeWorkspace(ctx, ana.ID, []WorkspaceChange{{Part: "draft/s1", Value: "x"}})
		require.NoError(t, err)
		require.Equal(t, WorkspacePart{Value: "Hello", Version: 2}, conflicts["draft/s1"])

		got, err := s.WorkspaceParts(ctx, ana.ID)
		require.NoError(t, err)
		require.Equal(t, map[string]WorkspacePart{"layout": {"L2", 2}, "draft/s1": {"Hello", 2}}, got)
	})

	t.Run("a deletion from the stored version removes the part; from an older one it conflicts", func(t *testing.T) {
		_, conflicts, err := s.ChangeWorkspace(ctx, ana.ID, []WorkspaceChange{{Part: "draft/s1", Delete: true, Base: 1}})
		require.NoError(t, err)
		require.Equal(t, int64(2), conflicts["draft/s1"].Version)
		applied, conflicts, err := s.ChangeWorkspace(ctx, ana.ID, []WorkspaceChange{{Part: "draft/s1", Delete: true, Base: 2}})
		require.NoError(t, err)
		require.Empty(t, conflicts)
		require.Equal(t, map[string]int64{"draft/s1": 0}, applied)
		// Deleting again, or changing what another window deleted.
		applied, _, err = s.ChangeWorkspace(ctx, ana.ID, []WorkspaceChange{{Part: "draft/s1", Delete: true, Base: 2}})
		require.NoError(t, err)
		require.Equal(t, map[string]int64{"draft/s1": 0}, applied)
		_, conflicts, err = s.ChangeWorkspace(ctx, ana.ID, []WorkspaceChange{{Part: "draft/s1", Value: "late", Base: 2}})
		require.NoError(t, err)
		require.Equal(t, map[string]WorkspacePart{"draft/s1": {}}, conflicts, "gone stays gone")
	})

	t.Run("each agent has their own", func(t *testing.T) {
		got, err := s.WorkspaceParts(ctx, bo.ID)
		require.NoError(t, err)
		require.Empty(t, got)
		applied, _, err := s.ChangeWorkspace(ctx, bo.ID, []WorkspaceChange{{Part: "layout", Value: "B"}})
		require.NoError(t, err)
		require.Equal(t, int64(1), applied["layout"])
		got, err = s.WorkspaceParts(ctx, ana.ID)
		require.NoError(t, err)
		require.Equal(t, "L2", got["layout"].Value)
	})

	t.Run("bad changes are refused whole", func(t *testing.T) {
		for _, bad := range [][]WorkspaceChange{
			{{Part: ""}},
			{{Part: strings.Repeat("p", MaxWorkspacePartName+1)}},
			{{Part: "a"}, {Part: "a"}},
			{{Part: "a", Value: strings.Repeat("v", MaxWorkspacePartValue+1)}},
			{{Part: "a", Value: "\xff"}},
			{{Part: "a", Base: -1}},
			make([]WorkspaceChange, MaxWorkspaceParts+1),
		} {
			_, _, err := s.ChangeWorkspace(ctx, bo.ID, append(bad, WorkspaceChange{Part: "layout", Value: "changed", Base: 1}))
			var v *ValidationError
			require.ErrorAs(t, err, &v)
		}
		got, err := s.WorkspaceParts(ctx, bo.ID)
		require.NoError(t, err)
		require.Equal(t, "B", got["layout"].Value)
	})
}
