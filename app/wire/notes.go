package wire

// Codes of the system notes in transcripts [L3]. A note is stored and sent
// as its code and arguments (Message.Code, Message.Args); each reader's page
// words it from the catalog, whose key is the code. A code ending in a unit
// takes a count first, worded with the language's plural forms.
const (
	NoteJoined           = "system.joined"            // agent
	NoteEnded            = "system.ended"             // agent
	NoteClosed           = "system.closed"            // agent
	NoteLeft             = "system.left"              // agent: back to the queue
	NoteParked           = "system.parked"            // agent: waiting for the customer
	NoteBack             = "system.back"              // the customer wrote again
	NoteCustomerLeft     = "system.customer.left"     // gone with an agent in the chat
	NoteCustomerGone     = "system.customer.gone"     // gone before an agent joined
	NoteForceClosed      = "system.forceclosed"       // what the customer is told
	NoteForceClosedBy    = "system.forceclosed.by"    // supervisor, for agents
	NoteTransferredAgent = "system.transferred.agent" // from, to
	NoteTransferredQueue = "system.transferred.queue" // from, queue
	NoteTransferOffered  = "system.transfer.offered"  // supervisor, agent [T4]
	NoteTransferDeclined = "system.transfer.declined" // agent
	NoteTransferExpired  = "system.transfer.expired"  // agent
	NoteAssigned         = "system.assigned"          // supervisor, agent
	NoteConsultJoined    = "system.consult.joined"    // consultant
	NoteConsultEnded     = "system.consult.ended"     // consultant
	NoteContactLinked    = "system.contact.linked"    // agent, contact
	NoteSMSNoURL         = "system.sms.nourl"         // number
	NoteSMSFailed        = "system.sms.failed"        // attempts, number, error
	// NoteAutoClosed + "seconds", "minutes", "hours" or "days": count.
	NoteAutoClosed = "system.autoclosed."
)
