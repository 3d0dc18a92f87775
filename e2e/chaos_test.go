package e2e

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-cx/switchboard/app/live"
	"github.com/switchboard-cx/switchboard/app/wire"
)

var chaosSeed = flag.Uint64("chaos.seed", 20261125, "seed of the chaos test's kill times and message pacing")

// TestChaosLosesNothing is the relay's promise under crashes: 50 customers
// and 5 agents write to each other without pause while the server is
// killed with SIGKILL four times and restarted on the same data, and their
// own networks drop now and then. Every
// acknowledged message is stored exactly once and in the order each sender
// sent it, and both sides end with the very transcript the server keeps.
func TestChaosLosesNothing(t *testing.T) {
	srv := startServer(t)
	chaos(t, srv.URL, func(email, name string) {
		srv.addAgent(t, email, name, "agent", agentPassword, "--capacity", "10000")
	}, func(int) {
		srv.kill(t)
		srv.start(t)
	})
}

// The same in cluster mode [O1–O3]: two processes behind a balancer that
// spreads requests and websockets over them, one of them killed at random
// each time, while the other carries on.
func TestChaosLosesNothingInCluster(t *testing.T) {
	procs, database := startCluster(t, 2)
	lb := newBalancer(t, procs...)
	lb.roundRobin = true
	rng := rand.New(rand.NewPCG(*chaosSeed, 99))
	chaos(t, lb.URL, func(email, name string) {
		procs[0].addAgent(t, email, name, "agent", agentPassword, "--capacity", "10000", "-database", database)
	}, func(k int) {
		p := procs[rng.IntN(len(procs))]
		lb.down(p)
		p.kill(t)
		p.start(t)
		lb.up(p)
		t.Logf("kill %d: process %s", k, p.URL)
	})
}

// chaos runs the test against base; killAndRestart(k) does the k-th kill.
func chaos(t *testing.T, base string, addAgent func(email, name string), killAndRestart func(k int)) {
	const (
		agents    = 5
		customers = 50
		kills     = 4
	)
	seed := *chaosSeed
	t.Logf("chaos seed %d (repeat a run with -chaos.seed=%d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	// The browser's back-off, capped lower so that clients are back within
	// the test's short gaps between kills.
	defer func(max time.Duration) { live.MaxBackoff = max }(live.MaxBackoff)
	live.MaxBackoff = 2 * time.Second

	var clients []*http.Client
	for i := range agents {
		email := fmt.Sprintf("agent%d@example.com", i)
		addAgent(email, fmt.Sprintf("Agent %d", i))
		c, err := agentClient(base, email)
		require.NoError(t, err)
		clients = append(clients, c)
	}
	// Every chat is assigned before anyone connects, so no offer is made.
	chats := make([]wire.ChatStarted, customers)
	convs := make([][]int64, agents)
	for i := range chats {
		var err error
		chats[i], err = startChat(base)
		require.NoError(t, err)
		id := chats[i].Conversation.ID
		require.NoError(t, pickConversation(clients[i%agents], base, id))
		convs[i%agents] = append(convs[i%agents], id)
	}

	ctx, cancel := context.WithCancel(context.Background())
	var running sync.WaitGroup
	defer func() { cancel(); running.Wait() }()
	agentPeers := make([]*peer, agents)
	for i := range agentPeers {
		agentPeers[i] = newAgent(base, fmt.Sprintf("agent %d", i), clients[i], convs[i])
	}
	customerPeers := make([]*peer, customers)
	for i := range customerPeers {
		customerPeers[i] = newCustomer(base, fmt.Sprintf("customer %d", i), chats[i])
	}
	all := append(append([]*peer(nil), agentPeers...), customerPeers...)
	for _, p := range all {
		running.Go(func() { p.client.Run(ctx) })
	}

	// Each side of each conversation writes at its own pace: customers
	// every 0.5–1.5 s, agents every 1.5–3 s in each of their ten chats,
	// which keeps an agent's connection under the relay's rate limit even
	// with a reconnect's backlog.
	// Now and then a writer's network is cut just after a send, so that
	// the server stores the message but its ack is lost: the resend with
	// the same key must not store it twice. A kill rarely hits that moment.
	writing, stopWriting := context.WithCancel(ctx)
	var writers sync.WaitGroup
	var cuts atomic.Int64
	write := func(p *peer, id int64, r *rand.Rand, min, spread time.Duration, cutOneIn int) {
		writers.Go(func() {
			for n := 1; ; n++ {
				select {
				case <-writing.Done():
					return
				case <-time.After(min + time.Duration(r.Int64N(int64(spread)))):
				}
				p.send(id, fmt.Sprintf("%s #%d", p.name, n))
				if r.IntN(cutOneIn) == 0 {
					time.Sleep(time.Duration(r.Int64N(int64(2 * time.Millisecond))))
					p.net.cut()
					cuts.Add(1)
				}
			}
		})
	}
	for i, c := range customerPeers {
		id := chats[i].Conversation.ID
		write(c, id, rand.New(rand.NewPCG(seed, uint64(1+i))), 500*time.Millisecond, time.Second, 15)
		write(agentPeers[i%agents], id, rand.New(rand.NewPCG(seed, uint64(1000+i))), 1500*time.Millisecond, 1500*time.Millisecond, 30)
	}

	waitUntil(t, 2*time.Minute, "every client connected", func() bool {
		for _, p := range all {
			p.mu.Lock()
			n := p.readies
			p.mu.Unlock()
			if n == 0 {
				return false
			}
		}
		return true
	})
	for k := 1; k <= kills; k++ {
		time.Sleep(2*time.Second + time.Duration(rng.Int64N(int64(3*time.Second))))
		start := time.Now()
		killAndRestart(k)
		t.Logf("kill %d: killed and restarted in %v", k, time.Since(start).Round(time.Millisecond))
	}
	time.Sleep(3 * time.Second) // the last restart's reconnects, under traffic
	stopWriting()
	writers.Wait()

	// Every client resends until it hears back, so every outbox empties.
	waitUntil(t, 2*time.Minute, "every message acknowledged", func() bool {
		for _, p := range all {
			if len(p.client.Outbox()) > 0 {
				return false
			}
		}
		return true
	})
	transcripts := make(map[int64][]wire.Message, customers)
	for _, chat := range chats {
		rctx, rcancel := context.WithTimeout(ctx, time.Minute)
		msgs, err := replay(rctx, base, chat.Token)
		rcancel()
		require.NoError(t, err, "replay conversation %d", chat.Conversation.ID)
		transcripts[chat.Conversation.ID] = msgs
	}
	waitUntil(t, 2*time.Minute, "both sides have every message", func() bool {
		for i, c := range customerPeers {
			id := chats[i].Conversation.ID
			last := int64(len(transcripts[id]))
			if !c.caughtUp(id, last) || !agentPeers[i%agents].caughtUp(id, last) {
				return false
			}
		}
		return true
	})
	cancel()
	running.Wait()

	var sent, acked, stored, reconnects, resent int
	for _, p := range all {
		require.Empty(t, p.problems, "%s", p.name)
		require.Zero(t, p.errors, "%s was refused", p.name)
		require.GreaterOrEqual(t, p.readies, 2, "%s never reconnected", p.name)
		reconnects += p.readies - 1
		resent += p.resent
		for _, keys := range p.sent {
			sent += len(keys)
		}
		acked += len(p.acked)
	}
	for i, c := range customerPeers {
		id := chats[i].Conversation.ID
		want := transcripts[id]
		stored += len(want)
		requireStoredOnce(t, id, want, c, agentPeers[i%agents])
		require.Equal(t, want, c.received[id], "conversation %d: the customer's transcript", id)
		require.Equal(t, want, agentPeers[i%agents].received[id], "conversation %d: the agent's transcript", id)
	}
	t.Logf("chaos: seed %d: %d messages sent, %d acknowledged, %d stored (with the agents' join notes), %d kills, %d network cuts, %d reconnects, %d resent after a reconnect",
		seed, sent, acked, stored, kills, cuts.Load(), reconnects, resent)
	require.Equal(t, sent, acked, "every message sent was acknowledged in the end")
}

// requireStoredOnce checks one conversation's transcript against what its
// senders sent: seqs 1, 2, 3…; no key stored twice; every acknowledged
// message stored once, under the seq of its ack; and each sender's
// messages in the order sent.
func requireStoredOnce(t *testing.T, id int64, transcript []wire.Message, senders ...*peer) {
	t.Helper()
	at := map[string]int{} // sender and key → index in transcript
	for i, m := range transcript {
		require.Equal(t, int64(i+1), m.Seq, "conversation %d: seqs have a gap or a repeat", id)
		if m.Key == "" {
			require.Equal(t, wire.SenderSystem, m.Sender, "conversation %d: seq %d has no key", id, m.Seq)
			continue
		}
		k := m.Sender + " " + m.Key
		_, dup := at[k]
		require.False(t, dup, "conversation %d: key %s stored twice", id, m.Key)
		at[k] = i
	}
	for _, p := range senders {
		prev := -1
		for _, key := range p.sent[id] {
			i, ok := at[p.sender+" "+key]
			if seq, wasAcked := p.acked[key]; wasAcked {
				require.True(t, ok, "conversation %d: %s's acknowledged message %s is missing", id, p.name, key)
				require.Equal(t, seq, transcript[i].Seq, "conversation %d: %s's message %s is stored under another seq than its ack's", id, p.name, key)
			}
			if ok {
				require.Greater(t, i, prev, "conversation %d: %s's messages are out of the order sent", id, p.name)
				prev = i
			}
		}
	}
}

// waitUntil polls cond until it holds, failing the test after timeout.
func waitUntil(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for: %s", timeout, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
