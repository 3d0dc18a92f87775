package demo

// article is a demo knowledge article; its URL is helpBase + slug.
type article struct{ slug, title, summary, body string }

const helpBase = "https://help.example.com/articles/"

// articles is the knowledge base of a demo retailer's contact centre.
var articles = []article{
	{
		slug:    "refund-timelines",
		title:   "How long does a refund take?",
		summary: "Refunds are issued within 2 working days of approval and reach the customer's account in 3 to 10 working days, depending on the payment method.",
		body: `We issue a refund within 2 working days of approving it. A return is approved when the warehouse has received and checked the item; a cancellation is approved at once.

How long the money then takes to arrive depends on how the customer paid. Card refunds usually show within 3 to 5 working days, although some banks take up to 10. PayPal refunds arrive within 24 hours. Gift card payments are credited back to the original gift card immediately, and Buy Now Pay Later providers adjust the instalment plan within 5 working days.

The refund always goes back to the original payment method; we cannot redirect it to another card or account. If the original card has expired or been cancelled, the bank still receives the refund and passes it on to the customer's account.

If the customer has waited longer than 10 working days, check the order's refund reference in the order history and give it to the customer so their bank can trace the payment. If no refund reference exists, escalate to the Payments team.`,
	},
	{
		slug:    "start-a-return",
		title:   "How to return an item",
		summary: "Most items can be returned within 30 days of delivery for free, by post or in store, using the returns page in the customer's account.",
		body: `Customers can return most items within 30 days of delivery. The item must be unused and in its original packaging with all tags attached. Returns are free for customers in the UK and the EU.

To start a return, the customer signs in, opens Orders, chooses the order and selects Return items. They pick the items and a reason, then choose a drop-off point or a courier collection. A printable label and a QR code are sent by email; drop-off points can scan the QR code, so a printer is not needed.

Items can also be returned to any of our stores with the order number or the confirmation email. Store returns are refunded as soon as the staff have checked the item.

Once the return reaches the warehouse, it is checked within 3 working days and the refund is issued to the original payment method. Customers receive an email at each step.`,
	},
	{
		slug:    "non-returnable-items",
		title:   "Items that cannot be returned",
		summary: "For hygiene and safety reasons some items, such as opened earphones, personalised goods and gift cards, cannot be returned unless faulty.",
		body: `Some items cannot be returned for a change of mind: earphones and earbuds once the seal is broken, swimwear and underwear without the hygiene strip, personalised or engraved goods, perishable food, digital downloads once started, and gift cards.

These items can still be returned if they are faulty, damaged on arrival or not as described. In that case follow the damaged or faulty item process and do not ask the customer to pay for the return.

If a customer insists that an item was wrongly marked as non-returnable on the product page, note the product code and escalate to the Product Content team; offer a goodwill return if the page was indeed unclear.`,
	},
	{
		slug:    "late-delivery",
		title:   "My order is late",
		summary: "If an order is past its estimated delivery date, check the tracking, then open a carrier enquiry after 2 working days' delay.",
		body: `First check the order's tracking page. Carriers sometimes update their estimate after dispatch, and the new date is shown there. Bad weather, public holidays and peak periods can add 1 to 3 working days.

If the parcel is more than 2 working days past the latest estimate, open a carrier enquiry from the order in the back office. The carrier answers within 48 hours. Tell the customer we will contact them as soon as we hear back.

If the customer paid for express or next-day delivery and it arrived late, refund the delivery charge without waiting for the enquiry. This refund does not need a supervisor's approval.

If the carrier confirms the parcel is lost, follow the lost parcel process.`,
	},
	{
		slug:    "lost-parcel",
		title:   "Parcel lost or marked delivered but not received",
		summary: "When a parcel is confirmed lost, or marked delivered but not found, we send a replacement or a full refund once the carrier investigation ends.",
		body: `If tracking shows the parcel as delivered but the customer cannot find it, ask them to check with neighbours, any safe place they chose, and the delivery photo on the tracking page. Many parcels turn up within 24 hours.

If it has still not been found after 24 hours, open a carrier investigation from the order. The investigation takes up to 5 working days. The customer does not need to do anything else.

When the carrier confirms the parcel as lost, offer the customer a replacement (if in stock) or a full refund, including delivery charges. Replacements are sent by express delivery at no cost.

For orders over 500 EUR, or a customer's third missing parcel within 12 months, escalate to the Fraud and Loss team before offering a replacement.`,
	},
	{
		slug:    "track-an-order",
		title:   "Tracking an order",
		summary: "Every dispatched order has a tracking link in the dispatch email and in the customer's order history.",
		body: `When an order is dispatched, the customer gets an email with the carrier's name and a tracking link. The same link is in their account under Orders.

Orders with several items may be sent in more than one parcel from different warehouses. Each parcel has its own tracking number, listed separately on the order page.

Tracking can take up to 24 hours after dispatch to show the first scan. If it shows nothing after 24 hours, check in the back office that the parcel was handed over to the carrier; if not, contact the warehouse.

Guest customers can track an order with the order number and the email address they used, on the Track my order page.`,
	},
	{
		slug:    "change-delivery-address",
		title:   "Changing the delivery address",
		summary: "The delivery address can be changed until the order is dispatched; after dispatch only some carriers allow a redirection.",
		body: `Until an order is dispatched, the customer can change the delivery address themselves under Orders, Change address. Agents can also change it in the back office after confirming the customer's identity.

For security, a new address in a different country, or a change requested less than an hour after the order was placed with a new account, must be checked by the Fraud team first.

Once dispatched, the address can no longer be changed by us. Some carriers let the recipient redirect the parcel from the tracking page or deliver it to a pickup point. Otherwise the customer can refuse the delivery; the parcel returns to us and we refund it.`,
	},
	{
		slug:    "cancel-an-order",
		title:   "Cancelling an order",
		summary: "Orders can be cancelled free of charge until they are dispatched; after dispatch the customer returns the item instead.",
		body: `An order can be cancelled in full or in part until it is dispatched. The customer can do this from Orders, Cancel items, or an agent can do it in the back office.

The refund for a cancelled order is issued immediately. If the payment was only authorised and not yet taken, the authorisation is released instead; banks may take up to 7 days to remove the pending amount from the statement.

If the order has already been dispatched, it cannot be cancelled. Explain that the customer can refuse the delivery or return the item for free within 30 days.

Made-to-order and personalised items cannot be cancelled after production has started, which is shown on the order page.`,
	},
	{
		slug:    "payment-failed",
		title:   "Payment declined or failed",
		summary: "Most failed payments are declined by the customer's bank or need 3-D Secure approval; the order is not placed until payment succeeds.",
		body: `When a payment fails, the order is not placed and no money is taken. A pending amount may show briefly on the statement and disappears within a few days.

The most common causes are: the bank asked for 3-D Secure approval in the banking app and it was not completed within 5 minutes; the billing address does not match the card; the card has expired or reached its limit; or the bank blocked the payment as unusual.

Ask the customer to try again, approving the payment in their banking app, or to use another method such as PayPal. We cannot see why a bank declined a card; only the bank can tell the customer.

If a payment failed but the customer was charged and no order appears after 24 hours, collect the payment date, amount and last four digits of the card, and escalate to the Payments team.`,
	},
	{
		slug:    "charged-twice",
		title:   "Charged twice for one order",
		summary: "A second charge is usually a pending authorisation that drops off within 7 days; a real double charge is refunded by the Payments team.",
		body: `Customers often see two amounts when a first payment attempt failed and a second one succeeded. The failed attempt is only an authorisation, never taken, and disappears within 7 days.

Check the order's payment log in the back office. If it shows one captured payment, explain the pending authorisation and reassure the customer that only one amount will be taken.

If two captures are shown for the same order, that is a real double charge. Refund the duplicate at once from the payment log and give the customer the refund reference. Refund timelines then apply as usual.`,
	},
	{
		slug:    "invoices",
		title:   "Getting an invoice for an order",
		summary: "Invoices are available as PDF in the customer's order history as soon as an order is dispatched.",
		body: `Every order gets an invoice once it is dispatched. Customers can download it as a PDF from Orders, View invoice. Orders sent in several parcels have one invoice per parcel.

Agents can resend an invoice by email from the back office. We cannot send invoices to a different email address than the one on the account unless the account holder asks for it in writing.

If the customer needs the company name, address or registration number on the invoice, those must be entered at checkout. An invoice can be reissued with corrected company details once, within 30 days of dispatch, by the Finance team.`,
	},
	{
		slug:    "vat-receipts",
		title:   "VAT receipts and business purchases",
		summary: "Invoices show VAT per item; business customers can add a VAT number at checkout to get a VAT invoice.",
		body: `All invoices show the VAT rate and amount for each item and the total VAT, so they can be used as a VAT receipt.

Business customers in the EU can enter their company's VAT number at checkout. We check it against the VIES register; if it is valid and the delivery is to another EU country, the reverse charge applies and no VAT is charged.

A VAT number cannot be added after the order is placed. If a customer forgot, they can return the order and place it again with the VAT number, or contact the Finance team for a corrected invoice within the same month.

Store purchases get a VAT receipt at the till; a full VAT invoice can be requested at the customer service desk with the receipt.`,
	},
	{
		slug:    "reset-password",
		title:   "Resetting a forgotten password",
		summary: "Customers reset their password themselves with the Forgot password link; agents never set or ask for a password.",
		body: `On the sign-in page, the customer selects Forgot password and enters their email address. A reset link is sent within a few minutes and is valid for 1 hour.

If the email does not arrive, ask the customer to check the spam folder and that they are using the address the account was created with. Agents can resend the reset email from the back office, but never set, read or ask for a password.

After 5 wrong attempts, sign-in is paused for 15 minutes. This protects the account and cannot be lifted by an agent.

If the customer no longer has access to the email address on the account, follow the identity check in the account access article before changing the address.`,
	},
	{
		slug:    "two-factor-authentication",
		title:   "Two-factor authentication",
		summary: "Two-factor authentication adds a code from an app or text message at sign-in; lost access is restored after an identity check.",
		body: `Customers can turn on two-factor authentication under Account, Security. They can use an authenticator app or receive a code by text message. We strongly recommend the app.

When turning it on, the customer gets 10 backup codes. Each code works once and can be used if the phone is lost.

If the customer has lost their phone and their backup codes, an agent can remove two-factor authentication only after an identity check: the customer must confirm the last order number, the delivery postcode and the last four digits of the card used. Removal takes effect after 24 hours and the customer is notified by email, so a real owner can stop a fraudulent request.`,
	},
	{
		slug:    "delete-account-gdpr",
		title:   "Deleting an account and personal data (GDPR)",
		summary: "Customers can ask us to delete their account and personal data; we complete the request within 30 days, keeping only what the law requires.",
		body: `Under the GDPR, customers can ask us to delete their account and personal data. They can do it themselves under Account, Privacy, Delete my account, or ask an agent, who then raises a privacy request in the back office.

Before deleting, the account must have no open orders, returns or refunds. Loyalty points and store credit are lost when the account is deleted; tell the customer this clearly.

We complete the request within 30 days. We keep invoices and payment records for as long as tax law requires (usually 7 years), but they are no longer linked to a usable account.

Customers can also ask for a copy of their data (a subject access request) from the same Privacy page. Never send personal data by chat or email in reply to such a request; the export is delivered through the account.`,
	},
	{
		slug:    "warranty-claims",
		title:   "Warranty and guarantee claims",
		summary: "All products have at least a 2-year legal guarantee; electronics can be repaired, replaced or refunded depending on the fault.",
		body: `Every product sold in the EU has a legal guarantee of at least 2 years from delivery. Some brands offer a longer manufacturer's warranty, shown on the product page.

To make a claim, the customer needs the order number and a short description or photo of the fault. Create a warranty case in the back office; it gives the customer a prepaid label to send the item to our repair centre.

The repair centre decides within 10 working days whether to repair, replace or refund. Repairs take up to 15 working days. If the same fault returns after a repair, the customer may choose a replacement or a refund.

Damage caused by accidents, misuse or normal wear is not covered by the guarantee.`,
	},
	{
		slug:    "damaged-or-faulty-item",
		title:   "Item arrived damaged or faulty",
		summary: "Ask for a photo, then offer a free replacement or a full refund; the customer does not pay for returning a damaged item.",
		body: `Apologise, and ask the customer for a photo of the damage and of the outer packaging. Photos help us claim from the carrier and improve packing; they are not a condition for helping the customer.

Offer a replacement sent by express delivery, or a full refund including delivery charges. For items over 100 EUR, the customer returns the damaged item with a prepaid label; for cheaper items, tell the customer they can keep or recycle it.

If the item is faulty rather than damaged, and it is within 30 days of delivery, treat it the same way. After 30 days, follow the warranty process.

Record the damage in the order so the quality team can spot repeated problems with the same product or warehouse.`,
	},
	{
		slug:    "gift-cards",
		title:   "Gift cards: balance, expiry and problems",
		summary: "Gift cards are valid for 3 years, can be used online and in store, and their balance is shown on the gift card page.",
		body: `Gift cards are valid for 3 years from purchase and can be used online and in our stores, for any amount, in one or more purchases. Up to 5 gift cards can be used on one order.

Customers can check the balance on the Gift cards page with the card number and PIN. Agents can see the balance and history in the back office.

Gift cards cannot be exchanged for cash or refunded, except where the law requires it. If an order paid with a gift card is refunded, the money goes back to the same gift card, even if it has expired in the meantime; its validity is then extended by 6 months.

If a customer says a gift card was used without their knowledge, block it in the back office and escalate to the Fraud team.`,
	},
	{
		slug:    "promo-codes",
		title:   "Promo code not working",
		summary: "Promo codes have conditions such as a minimum spend, eligible products and an end date; only one code can be used per order.",
		body: `Check the code's conditions in the back office promotions list: start and end date, minimum spend, eligible brands or categories, first-order only, and whether it is limited to one use per customer.

Codes are case-insensitive but must be typed without spaces. Only one promo code can be used per order, and codes do not apply to gift cards, delivery charges or items already reduced in a sale, unless the promotion says so.

If the customer placed the order without the code, and the code was valid at the time, refund the difference as a goodwill gesture. This can be done once per customer per promotion without approval.

Partial refunds of orders bought with a code are reduced proportionally; explain this if a customer returns part of such an order.`,
	},
	{
		slug:    "subscriptions",
		title:   "Managing a subscription",
		summary: "Subscriptions can be paused, skipped, changed or cancelled at any time from the customer's account, up to 2 days before the next delivery.",
		body: `Customers manage their subscriptions under Account, Subscriptions. They can change the items, quantity and frequency, skip a delivery, pause for up to 3 months, or cancel. There is no minimum term and no cancellation fee.

Changes must be made at least 2 days before the next delivery date; after that the next delivery is already being prepared and will be sent and charged.

If a customer was charged for a delivery they had tried to cancel in time, check the subscription history. If the cancellation was recorded before the cut-off, refund the delivery in full and arrange a free return.

Subscription prices can change; customers are told by email 30 days before a price change applies.`,
	},
	{
		slug:    "loyalty-points",
		title:   "Loyalty points: earning and spending",
		summary: "Members earn 1 point per euro spent and can redeem 100 points for a 1 EUR discount; points expire after 24 months without activity.",
		body: `Members of our loyalty programme earn 1 point for every euro spent, online and in store, once the return period of the order has passed. Bonus points promotions are shown in the app.

Points can be redeemed at checkout in steps of 100 points, each worth 1 EUR. Points cannot be used for gift cards or delivery charges.

If an order is returned, the points earned on it are removed; if points were used to pay, they are given back. Points expire when the account has had no purchase for 24 months.

Missing points for a store purchase can be added by an agent within 60 days of the purchase, using the receipt number.`,
	},
	{
		slug:    "store-opening-hours",
		title:   "Store opening hours",
		summary: "Most stores are open Monday to Saturday 9:00 to 20:00 and Sunday 11:00 to 17:00; each store's hours are on the store finder.",
		body: `Most of our stores are open Monday to Saturday from 9:00 to 20:00 and on Sunday from 11:00 to 17:00. Stores in shopping centres follow the centre's hours.

Exact opening hours, including public holidays, are shown for each store on the store finder. Holiday hours are published at least 2 weeks in advance.

Click and collect orders can be picked up during opening hours; the collection desk closes 15 minutes before the store.`,
	},
	{
		slug:    "international-shipping",
		title:   "International shipping",
		summary: "We ship to 30 countries; delivery takes 3 to 10 working days and the cost depends on the destination and weight.",
		body: `We deliver to all EU countries, the United Kingdom, Norway, Switzerland, the United States and Canada. The list of countries and the cost for each is shown at checkout once the address is entered.

Delivery within the EU takes 3 to 6 working days; to the UK, Norway and Switzerland 4 to 7; to the US and Canada 5 to 10.

Some products cannot be shipped abroad, such as large furniture and products with lithium batteries to some destinations. These are marked on the product page.

Returns from outside the EU are free as well, but the customer must use the label from the returns page so that customs do not charge duties on the way back.`,
	},
	{
		slug:    "customs-and-import-fees",
		title:   "Customs duties and import fees",
		summary: "Orders to the UK, Norway and Switzerland are sent duty paid; orders to the US and Canada may incur import fees charged by the carrier.",
		body: `For orders to the United Kingdom, Norway and Switzerland, import VAT and duties are included in the price at checkout. The customer should not pay anything on delivery.

For orders to the United States and Canada, duties and taxes may be charged by the carrier on delivery, depending on the value and the product. This is shown at checkout.

If a UK, Norwegian or Swiss customer was asked to pay a fee on delivery, ask for a photo of the carrier's receipt and refund the fee in full. This is a carrier error and should also be reported to the Logistics team.

If a US or Canadian customer refuses to pay import fees, the parcel returns to us and we refund the order minus the outbound delivery cost.`,
	},
	{
		slug:    "price-match",
		title:   "Price match promise",
		summary: "We match a lower price from a listed competitor for an identical item in stock, before purchase or within 14 days after it.",
		body: `If a customer finds the same item cheaper at a competitor on our price match list, we match the price. The item must be identical (same model, colour and size), new, in stock, and sold by the competitor itself, not a marketplace seller.

Before purchase, the agent checks the competitor's page and applies a price adjustment to the order. Within 14 days after purchase, we refund the difference to the original payment method.

Price match does not apply to clearance, flash sales, members-only prices, bundles or prices that need a voucher code.`,
	},
	{
		slug:    "exchange-size-or-colour",
		title:   "Exchanging an item for another size or colour",
		summary: "Clothing and shoes can be exchanged for free within 30 days; the new item is reserved as soon as the exchange is requested.",
		body: `Customers can exchange clothing and shoes for another size or colour of the same product within 30 days of delivery. They choose Exchange instead of Return on the returns page.

The new item is reserved straight away and sent as soon as the carrier scans the returned parcel, so the customer does not wait for the warehouse check. There is no charge for the exchange delivery.

If the wanted size is out of stock, the customer can return the item for a refund and sign up for a back-in-stock alert. Exchanges for a different product are handled as a return and a new order.`,
	},
	{
		slug:    "pre-orders",
		title:   "Pre-orders",
		summary: "Pre-ordered items are charged when they are dispatched and can be cancelled at any time before dispatch.",
		body: `Pre-order items have a release date on the product page. The customer's card is authorised at checkout and charged only when the item is dispatched.

If the release date moves, the customer is told by email and can keep or cancel the pre-order. Orders containing pre-order and in-stock items are split, and the in-stock items are sent straight away at no extra cost.

A pre-order can be cancelled free of charge at any time before dispatch. If a pre-order authorisation expires before release, we authorise the card again a few days before dispatch; if that fails, the customer is asked to update the payment method.`,
	},
	{
		slug:    "back-orders",
		title:   "Back-ordered items",
		summary: "A back-ordered item is temporarily out of stock at the supplier; it is sent as soon as it arrives, or the customer can cancel for a full refund.",
		body: `When an item is back-ordered, the product page and the order show an expected date. The rest of the order is sent straight away.

If the expected date is more than 14 days away, or moves more than once, offer the customer a similar item at the same price or a cancellation with a full refund.

Customers are not charged for back-ordered items until they are dispatched. If the supplier cancels the item, the order line is cancelled automatically and the customer is informed.`,
	},
	{
		slug:    "product-recalls",
		title:   "Product recalls and safety notices",
		summary: "For a recalled product, customers get a full refund without a receipt and should stop using the product straight away.",
		body: `When a product is recalled, the current recall notices are listed on the Product safety page with the affected batches or serial numbers. Customers who bought the product online are contacted by email.

Tell the customer to stop using the product at once. They are entitled to a full refund, or a replacement if offered in the notice, without a receipt and regardless of when they bought it. A prepaid label or a collection is arranged for large items.

If a customer reports an injury or a safety incident, do not discuss liability. Record what happened, the product code and the customer's contact details, and escalate to the Product Safety team immediately.`,
	},
	{
		slug:    "accessibility-support",
		title:   "Accessibility and assisted shopping",
		summary: "We offer assisted shopping by phone, accessible stores, relay calls and documents in large print or braille on request.",
		body: `Customers who find our website or app hard to use can order by phone with an agent, who can place the order and take payment through a secure payment link.

All our stores have step-free access, and most have accessible fitting rooms and hearing loops at the tills. Details per store are shown on the store finder.

We accept calls through text relay services. Invoices, order confirmations and product manuals can be sent in large print or braille within 10 working days.

If a customer reports an accessibility problem with the website or app, record the page, the device and any assistive technology they use, and pass it to the Digital Accessibility team.`,
	},
	{
		slug:    "contact-us",
		title:   "Ways to contact customer service",
		summary: "Customers can reach us by chat and phone every day 8:00 to 22:00, by SMS and email, or in any store.",
		body: `Chat and phone support are open every day from 8:00 to 22:00. Outside those hours, the chat assistant answers common questions and customers can leave a message that we answer the next morning.

Customers can also send an SMS to our service number, which opens a conversation that stays open for 28 days, or write to us through the contact form; we answer emails within 1 working day.

For orders, having the order number ready speeds things up. We never ask for a full card number or a password by chat, phone or email.`,
	},
	{
		slug:    "complaint-escalation",
		title:   "Handling and escalating a complaint",
		summary: "Acknowledge the complaint, try to resolve it in the first contact, and escalate to a team leader when the customer asks or the fix is outside your authority.",
		body: `Listen to the whole complaint, apologise for the experience and summarise it back to the customer. Check the order and contact history so the customer does not have to repeat themselves.

Most complaints can be resolved in the first contact with a refund, replacement or goodwill gesture within your authority: up to 50 EUR or 20 percent of the order value.

Escalate to a team leader when the customer asks for it, when the fix is outside your authority, or when the complaint mentions legal action, injury, discrimination or the media. Create a case with priority High, link the conversation and write a clear summary. The team leader contacts the customer within 1 working day.

If the customer is still unhappy after the final answer, give them the details of the independent dispute resolution body listed on the Complaints page.`,
	},
	{
		slug:    "chargebacks",
		title:   "Chargebacks and payment disputes",
		summary: "When a customer disputes a payment with their bank, the refund is handled by the bank, and we must not also refund the order.",
		body: `A chargeback happens when a customer asks their bank to reverse a card payment. The bank takes the money back from us and investigates, which can take up to 75 days.

When an order has an open chargeback, it is flagged in the back office. Do not issue a refund for that order, because the customer would be refunded twice. Explain that the bank is handling it and that the outcome will come from the bank.

If the customer opened the chargeback by mistake, or their problem has since been solved, they should ask their bank to withdraw it. We then refund in the usual way if a refund is due.

All evidence for the bank is prepared by the Payments team; forward any documents the customer sends to them.`,
	},
}
