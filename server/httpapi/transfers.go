package httpapi

import (
	"net/http"

	"github.com/switchboard-cx/switchboard/app/wire"
	"github.com/switchboard-cx/switchboard/server/relay"
)

// transferTargets lists who could take the caller's conversation, and the
// queues it could go to [T1]; superviseTransferTargets, anyone's [T4].
func (s *Server) transferTargets(w http.ResponseWriter, r *http.Request) {
	s.listTransferTargets(w, r, false)
}

func (s *Server) superviseTransferTargets(w http.ResponseWriter, r *http.Request) {
	s.listTransferTargets(w, r, true)
}

func (s *Server) listTransferTargets(w http.ResponseWriter, r *http.Request, supervising bool) {
	id, ok := pathID(w, r, "Conversation")
	if !ok {
		return
	}
	t, err := s.routing.TransferTargets(r.Context(), agentFrom(r), id, supervising)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, t)
}

// transfer hands the caller's conversation to a colleague, who is offered
// it (202: it stays the caller's until they accept), or to a queue (200,
// with the conversation as it now is) [T1]; superviseTransfer, anyone's
// [T4].
func (s *Server) transfer(w http.ResponseWriter, r *http.Request) { s.handOver(w, r, false) }

func (s *Server) superviseTransfer(w http.ResponseWriter, r *http.Request) { s.handOver(w, r, true) }

func (s *Server) handOver(w http.ResponseWriter, r *http.Request, supervising bool) {
	id, ok := pathID(w, r, "Conversation")
	if !ok {
		return
	}
	var in wire.TransferRequest
	if !readJSON(w, r, &in) {
		return
	}
	if (in.AgentID == 0) == (in.WorkstreamID == 0) {
		problem(w, http.StatusBadRequest, "error.transfer.target")
		return
	}
	me := agentFrom(r)
	if in.AgentID != 0 {
		if err := s.routing.TransferToAgent(r.Context(), me, id, in.AgentID, in.Note, supervising); err != nil {
			s.fail(w, r, err)
			return
		}
		w.WriteHeader(http.StatusAccepted)
		return
	}
	c, err := s.routing.TransferToQueue(r.Context(), me, id, in.WorkstreamID, in.Note, supervising)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, relay.WireConversation(c))
}
