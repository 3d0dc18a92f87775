package supervise

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/switchboard-cx/switchboard/app/ui/kit"
	"github.com/switchboard-cx/switchboard/app/wire"
)

func transferPath(id int64, what string) string {
	return "/api/supervise/conversations/" + strconv.FormatInt(id, 10) + "/" + what
}

// openTransfer shows a supervisor's Transfer conversation [T4], the same
// choices as the agent's own [T1] for whoever has the conversation, and
// loads who could take it.
func (s *Supervise) openTransfer(c wire.Conversation) {
	d := &kit.Transfer{Conversation: c}
	s.transfer = d
	ctx := s.self
	ctx.Async(func() {
		var t wire.TransferTargets
		err := kit.Call(ctx, "GET", transferPath(c.ID, "transfer-targets"), nil, &t)
		ctx.Dispatch(func(ctx app.Context) {
			if s.transfer != d {
				return
			}
			if err != nil {
				s.transfer, s.notice = nil, err.Error()
				return
			}
			d.Load(t)
		})
	})
}

func (s *Supervise) sendTransfer() {
	d := s.transfer
	c := d.Conversation
	in, ok := d.Request()
	if !ok {
		return
	}
	s.post(transferPath(c.ID, "transfer"), in, func(err error) {
		if d.Sent(err); err != nil {
			return
		}
		s.transfer = nil
		if in.AgentID != 0 {
			s.notice = kit.T("supervise.transfer.offered", kit.Title(c), d.AgentName(in.AgentID), c.AgentName)
			return
		}
		s.notice = kit.T("supervise.transfer.queued", kit.Title(c), d.QueueName(in.WorkstreamID))
	})
}

func (s *Supervise) renderTransfer() app.UI {
	c := s.transfer.Conversation
	return kit.TransferDialog(s.transfer, kit.T("supervise.transfer.lead", kit.Title(c), c.AgentName),
		s.sendTransfer, func() { s.transfer = nil })
}
