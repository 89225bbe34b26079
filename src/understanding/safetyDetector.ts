import { words } from './textNormalizer';
import type { TopicProbability } from './topicModel';

export const REAUTH_TOPIC = 'reauth_prompt';
export const UNREQUESTED_TOPIC = 'unrequested_prompt';

/** The two situations the safety rule answers before anything else. */
export type SafetySituation = 'reauth' | 'unrequested';

export interface SafetyVerdict {
  /** Undefined when the message is not a safety case. */
  readonly situation?: SafetySituation;
  /** The person says they approved a request they did not start: they must call IT first. */
  readonly approvedUnstarted: boolean;
  /** Which signs decided it, for diagnostics and tests. */
  readonly reasons: readonly string[];
}

const NOT_SAFETY: SafetyVerdict = { approvedUnstarted: false, reasons: [] };

/** Words that undo what follows them ("I didn't sign in"). Inability ("can't sign in") is not one. */
const NEGATOR =
  '(?:didnt|did not|dont|do not|doesnt|does not|wasnt|was not|werent|were not|havent|have not|hadnt|had not|hasnt|has not|never|not|im not|am not|no one|nobody|nothing|none of us|nowhere near|without)';
const SIGN_IN = '(?:sign(?:ing|ed)? ?(?:in|on)|log(?:ging|ged)? ?(?:in|on)|login|logon|signin)';
const OWN_ACTIONS = [
  SIGN_IN,
  'request(?:ed|ing)?',
  'ask(?:ed)? for',
  'start(?:ed)?',
  'trigger(?:ed)?',
  'initiat(?:e|ed)',
  'touch(?:ed)? (?:a|my|the|any) (?:computer|laptop|pc|keyboard)',
  'us(?:e|ed|ing) (?:a|my|the|any) (?:computer|laptop|pc)',
  'on (?:a|my|the) (?:computer|laptop|pc)',
  'at (?:my|the|a) (?:desk|computer|laptop|pc)',
  'near (?:a|my|the) (?:desk|computer|laptop|pc)',
  'in front of (?:a |my |the |any )?(?:computer|laptop|pc|screen)',
  'open(?:ed)? (?:anything|any app|teams|outlook|my laptop|the laptop)',
  'do(?:ing)? anything',
  '(?:click|clicked|clicking|touch|touched|press|pressed|tap|tapped)(?: on)? (?:anything|a thing|something)',
].join('|');

/** Words that may stand between a negation and the action it undoes ("I was not even signing in"). */
const SKIPPED_BETWEEN =
  '(?:(?:making|doing|make|do|even|actually|currently|been|trying|try|to|anywhere|at|all|yet|just|the|one|i|it|that|this|any|of|them|those|me|in|on|asked|anyone|anybody|else|really|was|were|have|had|ever) ){0,4}';

/** "I wasn't signing in", "I didn't request it", "haven't touched a computer". */
const NEGATED_OWN_ACTION = new RegExp(` ${NEGATOR} ${SKIPPED_BETWEEN}(?:${OWN_ACTIONS}) `);
const NOT_ME =
  / (?:(?:nobody|no one|none of us) (?:\w+ ){0,4}(?:was |were |is )?(?:signing|logging|signed|logged|trying|using)|(?:i|we) (?:wasnt|was not|werent|were not)(?= $| (?:i|we) )|(?:it|that|this) (?:was ?n?t|was not|is ?n?t|is not) (?:me|us|mine)|wasnt me|^ not me $|not me (?:who|that)|(?:it|that)s not me|i dont recogni[sz]e) /;

/** No device in use: "no computer", "my laptop was off", "nothing open". */
const NO_DEVICE =
  / (?:(?:no |without (?:a |my |any )?)(?:computer|laptop|pc|device)|(?:computer|laptop|pc|pcs|laptops) (?:was|is|were|are) (?:\w+ )?(?:off|closed|shut|shut down|switched off|turned off|asleep|at (?:home|work|the office)|in (?:the|my) (?:office|car|drawer|locker)|in (?:my|the) bag)|nothing (?:was )?(?:open|opened|running)) /;

/** A request the person confirmed by mistake. */
const APPROVED_BY_MISTAKE = new RegExp(
  ' (?:(?:kid|kids|child|son|daughter|toddler|baby|dog|cat|grandson|granddaughter) (?:\\w+ ){0,2}(?:pressed|tapped|hit|approved|clicked|accepted)\\b|(?:approved|accepted|pressed|tapped|clicked|hit|said yes|typed|entered|allowed|confirmed)\\b(?! (?:deny|denied|no)\\b).{0,50}?\\b(?:by mistake|by accident|accidentally|without thinking|without looking|in error|on autopilot)' +
    '|(?:accidentally|mistakenly|by mistake|by accident|stupidly|without thinking|automatically|instinctively) (?:\\w+ ){0,2}(?:approved|accepted|pressed|tapped|clicked|hit|said yes|typed|entered|allowed|confirmed)(?! (?:deny|denied|no)\\b)) ',
);
/** "I approved it", "I typed the number in", not negated. */
const APPROVED =
  / (?:i|we|she|he|they) (?:\w+ ){0,2}(?:approved|accepted|pressed (?:approve|yes|allow)|tapped (?:approve|yes|allow)|hit (?:approve|yes)|clicked (?:approve|yes)|said yes|typed (?:in )?the (?:number|code)|entered the (?:number|code)|confirmed it) /;
/** Someone asking for the code or number. */
const CODE_SOLICITED =
  / (?:call|called|calling|rang|ringing|phoned|phone call|text|texted|sms|whatsapp|message|messaged|email|emailed|someone|somebody|a man|a woman|a guy|he|she|they|claiming|pretending)\b.{0,160}?\b(?<!(?:authenticator|app|phone|mobile|screen|page|window|site|website|teams|outlook|microsoft|it|which|that) )(?:ask|asked|asks|asking|wants|wanted|requesting|needs|needed)\b (?:\w+ ){0,3}?(?:for|read|read out|give|send|forward|tell|share|reply with|say|the|my|your) (?:\w+ ){0,3}?(?<!(?:phone|contact|ticket|reference|mobile|direct|support|helpdesk|desk|tracking|staff|employee) )(?:code|codes|number|numbers|digits|pin)\b(?! for (?:it|itsupport|support|helpdesk|the helpdesk))/;
/** A message that tells the person to hand the code over: "reply with the code in your authenticator". */
const CODE_DEMANDED =
  / (?:tell|give|send|share|read (?:out|back)|forward) (?:them|him|her|us|someone|somebody) (?:\w+ ){0,4}(?:code|codes|number|numbers|digits|pin)\b| (?:text|texted|sms|message|messaged|email|e mail|whatsapp|call|caller|voicemail)\b.{0,120}?\b(?:reply with|respond with|send (?:us |me |back |them )?|share|forward|read (?:out|back)|give (?:us|me|them|him|her)|tell (?:us|me|them|him|her)) (?:\w+ ){0,3}(?:code|codes|number|numbers|digits|pin)\b/;
/** Surprise alone: a sign only when the message names no action of the person's own ("I wasn't expecting it, but I had just opened Teams"). */
const SURPRISE =
  / (?:unexpected\w*|out of nowhere|out of the blue|randomly|at random|(?:didnt|did not|wasnt|was not|not) expect\w*) /;
const ATTACK =
  / (?:hack(?:ed|er|ers|ing)?|compromised|phishing|scam\w*|fraud\w*|unauthori[sz]ed|suspicious|unusual (?:sign ?in|login|activity|location)|strange (?:sign ?in|login|location)|someone (?:is |was )?(?:trying|tried|attempting) to (?:get|sign|log|access|break)|some(?:one|body) else|not recogni[sz]ed?|dont recogni[sz]e|who (?:is|s|keeps) (?:doing|sending|trying)|who is this) /;
/** What an alert or the person says someone else did: evidence, not a worry ("is it a scam?"). */
const ATTACK_EVIDENCE =
  / (?:(?:unusual|suspicious|strange|unfamiliar|unknown|unrecogni[sz]ed) (?:sign ?in|login|log ?in|activity|device|location)|some(?:one|body) (?:else )?(?:is |was |has been )?(?:trying|tried|attempting|attempted) to (?:sign|log|get|access|break)|some(?:one|body) else (?:is |was |has )?(?:signing|logging|signed|logged|using|trying)|my account (?:was |has been |had been )?(?:signed|logged) (?:in|into|on) from|new sign ?in to your account) /;
/**
 * A sign-in that began from a link in a message: the page may be a phishing copy that passes the
 * password and the approval on to an attacker, so the prompt that follows is not the person's own.
 */
const FOLLOWED_A_LINK =
  / (?:clicked|opened|followed|tapped|pressed|used) (?:on )?(?:a|an|the|this|that) (?:\w+ ){0,3}link(?:s)? /;
/** Where such a link came from: a message someone sent, not the company's own intranet page. */
const LINK_IN_A_MESSAGE =
  / (?:e ?mails?|emailed|texts?|texted|text message|sms|whatsapp|from (?:a|an) (?:unknown|stranger|sender)|(?:unknown|strange|weird|odd|external) (?:sender|number|person|address)) /;

/** A message that lured the person to a sign-in page: they clicked or typed in what it sent. */
const PHISHING_MESSAGE =
  / (?:e ?mail|text|sms|message|whatsapp)\b.{0,120}?\b(?:looked (?:\w+ ){0,2}(?:off|odd|weird|dodgy|suspicious|fake|strange)|mailbox (?:was |is )?full|storage (?:was |is )?full|to upgrade|voicemail|parcel|invoice|dodgy|fake|phishing|spoof\w*)\b.{0,160}?\b(?:clicked|click|tapped|opened|followed|typed|entered|put in|logged in|signed in|login|log in)\b|(?:clicked|tapped|opened|followed) (?:\w+ ){0,5}(?:in|from) (?:an?|the|this|that) (?:\w+ ){0,3}(?:e ?mail|text|sms|message)\b.{0,40}?\b(?:looked (?:\w+ ){0,2}(?:off|odd|weird|dodgy|suspicious|fake|strange)|dodgy|fake|phishing|suspicious)/;

/** When and where: at night, on holiday, from another country. */
const TIME_OR_PLACE =
  / (?:(?:logged|signed|clocked) off|gone home|went home|left (?:the office|work)|finished (?:work|for the day)|after work|off work|day off|off sick|sick at home|on a plane|in hospital|at a funeral|at night|middle of the night|overnight|all night|last night|late at night|at midnight|midnight|[1-5] ?am|(?:10|11|12) ?pm|[1-5] in the morning|asleep|sleeping|in bed|woke me|wakes me|waking me|woken|on holiday|on vacation|on leave|annual leave|away from (?:my )?(?:desk|computer|laptop|pc)|at the (?:beach|gym|cinema|pool|park)|at (?:the )?(?:hospital|doctors?|dentists?|school gates?|nursery|match|concert|wedding|theatre|theater)|parents evening|school run|in (?:a |the )?(?:lecture|exam|appointment|church|cinema|theatre|theater)|(?:airplane|aeroplane|flight) mode|(?:phone|mobile) (?:was |is )?(?:on silent|in (?:a|my|the) (?:locker|bag|pocket|drawer|car))|(?:i|we) (?:was|were|am|are|live|work|m) (?:not )?(?:\w+ ){0,3}in \w+ (?:not|and not|but)|(?:i was|im|i am|we were) not (?:in|anywhere near)|never been to|at dinner|(?:i was|while|was|i am|im) (?:\w+ ){0,2}(?:driving|cooking|swimming|showering|sleeping|out|scrolling|shopping|walking)|in the kitchen|on the (?:bus|train|tube|toilet)|in the shower|watching (?:tv|telly|a film|a movie|netflix)|making (?:tea|coffee|dinner|lunch|breakfast)|nowhere near|abroad|overseas|(?:another|a different|other|a new|new|an unknown) (?:country|city|location|place|state)|unknown location|unfamiliar (?:location|place)|never been|from (?:russia|china|nigeria|brazil|india|romania|ukraine|iran|north korea|vietnam|turkey|moscow|beijing|lagos|overseas|abroad|germany|france|spain|italy|poland|usa|the us|america|canada|mexico|argentina|colombia|peru|chile|egypt|morocco|kenya|south africa|ghana|pakistan|bangladesh|indonesia|philippines|thailand|japan|korea|singapore|hong kong|dubai|netherlands|belgium|portugal|ireland|london|paris|new york|sao paulo)) /;
/** While asleep or overnight: nobody signs in in their sleep, whatever else they did that day. */
const WHILE_ASLEEP =
  / (?:asleep|sleeping|while i slept|in my sleep|woke me|wakes me|waking me|woken (?:up )?by|overnight|all night|during the night|from the night|in the night|middle of the night) /;
/** Requests that keep coming. */
const REPEATED =
  / (?:keeps? (?:sending|getting|buzzing|pinging|going off|popping|coming|spamming)|i keep getting|over and over|again and again|non ?stop|constantly|every (?:few )?(?:minutes|minute|hour|night|morning)|all (?:day|night|morning|afternoon|evening)|in a row|(?:dozens|loads|lots|tons|hundreds|several|multiple|many|so many|a queue|a pile|a stack|a string|a series|a bunch|a load|a list|\d{1,3}|three|four|five|six|seven|eight|nine|ten|twenty|fifty) (?:of )?(?:\w+ ){0,3}(?:requests|prompts|notifications|pushes|approvals|alerts|codes|numbers|messages)|denied (?:\w+ ){0,3}(?:the next|another|again|one after)|spam\w*|bombard\w*|flood\w*) /;
/**
 * An app the person uses as the thing asking: "Teams keeps asking me to sign in" is their own session.
 * A bare "the app" is most often the authenticator itself, so it counts only when it asks for a sign-in.
 */
const APP_ASKS =
  / (?:(?:teams|outlook|excel|word|onedrive|sharepoint|powerpoint|browser|edge|chrome|laptop|computer|pc|office) (?:\w+ ){0,2}(?:keeps?|is|was|has been|just)? ?(?:asking|asks|asked|wants|wanted|prompting|prompted|popping|made me|makes me)|(?:requested|asked|prompted|told|required) by (?:microsoft )?(?:teams|outlook|excel|word|onedrive|sharepoint|powerpoint|office|edge|chrome)|(?<!authenticator )(?:app|window) (?:\w+ ){0,2}(?:keeps?|is|was|has been|just)? ?(?:asking|asks|asked|wants|wanted|prompting|prompted) (?:me )?(?:to )?(?:sign|log|re ?enter|for (?:my )?password)) /;
/** The person takes back "I didn't start anything": "well, actually, I did open Teams". */
const CORRECTED =
  / (?:actually|oh yes|oh yeah|oh wait|wait|now i remember|come to think of it) (?:\w+ ){0,3}(?:i|we) (?:did|had|have) (?:just )?(?:open|opened|sign|signed|log|logged|start|started|click|clicked|launch|launched) /;
/** Words that may stand between the person and their action ("I was definitely signing in"). */
const OWN_FILLER =
  '(?:(?:was|were|am|is|had|have|has|then|just|literally|only|actually|already|still|definitely|really|certainly|clearly|obviously|myself|the one|trying to|tried to|went to|wanted to|about to|had to|have to|needed to|in the middle of|busy) )*';
/** Who a help-desk ticket says did it: "the user signed in", "caller opened Teams". */
const THIRD_PERSON =
  '(?:user|caller|colleague|manager|boss|receptionist|employee|staff member|member of staff|requester|customer|client|assistant|director|secretary|intern|apprentice|contractor|team member|new starter)';
/** Things opened that are not a sign-in: the phone, the authenticator, a message. */
const NOT_AN_APP =
  '(?! (?:my |the |a |an |her |his |their |our )?(?:phone|mobile|eyes|door|email|e mail|inbox|message|text|notification|authenticator|microsoft authenticator|google authenticator)\\b)';
/** What the person did themselves that asks for a sign-in. */
const OWN_VERB = `(?:sign|signing|signed|log|logging|logged|login|open|opened|opening|start|started|starting|restart|restarted|launch|launched|launching|click|clicked|clicking|press|pressed|access|accessed|accessing)`;
/** The person's own, non-negated action right before the prompt ("I had just opened Teams"). */
const OWN_ACTION_DONE = new RegExp(
  ' (?:' +
    [
      // "when I opened Outlook", "while signing in", "as soon as I logged in"
      `(?:when|after|as|while|once|as soon as|right after|just after|each time|every time|whenever) (?:(?:i|we|im|id|ive|she|he|they|shes|hes) )?${OWN_FILLER}(?:\\w+ )?${OWN_VERB}${NOT_AN_APP}`,
      // "I was signing in", "she opened Teams", "I'm the one signing in"
      // (being signed in all day is a state, not an action: "I was logged in to Teams all day")
      `(?:i|we|id|ive|im|wed|weve|she|he|they|shes|hes|${THIRD_PERSON}) (?!(?:was|were|am|is|are|been|have been|had been|has been) (?:already |still |just )?(?:logged|signed) in)${OWN_FILLER}(?:signing in|signed in|sign in|signing into|signed into|logging in|logged in|log in|logging into|logged into|login|clicked sign in|pressed sign in|clicked on|opened${NOT_AN_APP}|open${NOT_AN_APP}|(?:put|put in|type|typed|enter|entered) my password|launched|restarted|started (?:the |a )?(?:sign|log|teams|outlook|excel|word|onedrive|sharepoint|office|browser|app)|typed (?:in )?my password|entered my password)`,
      // a terse message without a subject: "was signing in on my laptop", "Pressed sign in at the portal"
      `(?<=^ )(?:was |am |im |been |just |currently |literally |only |definitely )*(?:signing in|logging in|signing into|logging into|signed into|logged into|signed in|logged in|trying to (?:sign|log)|opened${NOT_AN_APP}|opening${NOT_AN_APP}|launched|restarted (?:my )?(?:pc|laptop|computer)|(?:pressed|clicked|hit|tapped) (?:on )?(?:the )?(?:sign ?in|log ?in|login))`,
      // an app the person opened, whoever the sentence names: "on the train, opened outlook, got a request"
      '(?:opened|opening|launched|launching|clicked|clicking|tapped|signed into|logged into|signing into|logging into) (?:on )?(?:the |my |our )?(?:outlook|teams|excel|word|onedrive|sharepoint|office|powerpoint|browser|edge|chrome|portal)',
      // a new computer is signed in to as it is set up: "setting up my replacement laptop"
      '(?:setting|set|signing|logging) (?:up|into|in to|on to) (?:my |the |a |our )?(?:new |replacement |work |home |spare |loan )*(?:laptop|computer|pc|desktop|mac|machine)',
      // a habit: "she signs into the depot PC every morning"
      '(?<!(?:someone|somebody|anyone|anybody|nobody|who) )(?:signs|logs) (?:in|into|on)',
      '(?:opened|opening|checked|checking) (?:\\w+ ){0,2}(?:email|e mail|mail|inbox) (?:on|at|from) (?:the |my |a )?(?:computer|laptop|pc|desktop|browser)',
      '(?:put|typed|entered) (?:my|the) password in|password (?:\\w+ ){0,3}(?:put|typed|entered) it in',
      // joining a meeting, opening a file: "clicked Join on a Teams meeting", "opened a Word attachment"
      '(?:clicked|pressed|tapped|hit) (?:on )?join|joined (?:a |the )?(?:teams )?(?:meeting|call)',
      '(?:opened|opening) (?:a|an|the|that|this) (?:word|excel|powerpoint|teams|sharepoint|onedrive) (?:file|document|doc|link|attachment|sheet|spreadsheet)',
      // the number is shown on their own screen: number matching happens where they sign in
      '(?:number|code) (?:\\d+ )?(?:that )?(?:teams|outlook|excel|word|onedrive|sharepoint|powerpoint|the browser|the screen|my screen|my laptop|my computer|my pc) (?:showed|shows|displayed|gave)',
      '(?:number|code) (?:\\d+ )?(?:on|from) (?:my|the) (?:screen|laptop|computer|pc|monitor)',
      '(?:started|did|triggered|initiated) it (?:myself|herself|himself|themselves|ourselves)',
      '(?:i|we) did (?:\\w+ )?(?:open|sign|log|start|click|launch)',
      // "it was me", "this is me", "that's mine"
      `(?:it|that|this|its|thats) (?:was |is |were )?(?:definitely |really |actually |probably |just |all |only )?(?:me|mine|us)(?! (?:who|that) didnt)`,
      '(?:it|this|that) was (?:my|her|his|their|our) own',
      '(?:my|her|his|their|our) own (?:sign ?in|login|log ?in|doing|action)',
      '(?:logged|signed|kicked|threw|thrown|timed) (?:me )?out',
      'session (?:had |has )?(?:expired|timed out)',
      'asked me to (?:sign|log) ?(?:in|on) again',
    ].join('|') +
    ') ',
);
const EXPIRY =
  / (?:passwords? (?:\w+ ){0,3}(?:out of date|too old)|forc\w* (?:\w+ ){0,3}(?:to )?(?:change|reset|update|renew) (?:\w+ ){0,2}password|passwords? (?:\w+ ){0,4}(?:chang|reset|updat|renew|replac)\w* (?:\w+ ){0,2}(?:every|quarterly|monthly|annually|yearly|regularly|periodic\w*)|how long (?:\w+ ){0,4}password (?:\w+ ){0,2}(?:last|lasts|valid|good for)|password (?:\w+ ){0,2}(?:last|lasts|valid) (?:for|before|until)|(?:change|reset|update|renew) (?:\w+ ){0,3}passwords? (?:\w+ ){0,2}(?:every (?:quarter|month|year)|quarterly|monthly|annually|yearly)|password (?:\w+ ){0,2}(?:expired|expire|expires|expiring|expiry|expiration|ran out|run out|runs out)|(?:expired|expiry of|expiration of|expiring) (?:my |our |the )?password|how often (?:\w+ ){0,5}(?:change|reset|update|renew)|(?:change|reset|update|renew) (?:\w+ ){0,3}password (?:\w+ ){0,2}every|every (?:\d+|30|60|90|few|couple of|three|six) (?:days|weeks|months)|password (?:expiry|expiration) policy|password (?:\w+ ){0,2}(?:periodic\w*|regularly)|(?:change|reset|update) (?:\w+ ){0,3}password (?:\w+ ){0,2}(?:periodic\w*|regularly)|periodic(?:ally)? (?:password|change|reset)) /;
const PROMPT =
  / (?:prompt\w*|(?:green|approve|approval|yes|allow) button|before it (?:came|arrived|appeared|popped up)|another (?:one|request|box) (?:\w+ ){0,2}(?:came|arrived|appeared|popped|showed)|(?:confirm|verify|approve|check)\w* (?:it )?(?:on|in|with) (?:my |the )?(?:phone|mobile|app|authenticator)|(?:mfa|2fa|approval|authenticator|push) (?:spam\w*|fatigue|bomb\w*|flood\w*)|(?:asks?|asking|asked|wants?|wanted) (?:me )?(?:for )?(?:a|the|this|that|some|my) (?:number|code|digits)|(?:approv\w*|sign ?in|login|log ?in|mfa|2fa|authenticator|push|verification|number|access|security) requests?|requests? (?:on|to|from|keep|kept|popp\w*|came|appear\w*)|notification\w*|notif|push|pushes|push notification|approv\w*|pop ?up\w*|popped up|pops up|alert\w*|buzz\w*|ping\w*|is (?:this|it) you|(?:verify|confirm) (?:its|it is) you|(?:phone|telephone|mobile) (?:\w+ ){0,2}(?:wants|asks|asking|asked) me to (?:press|tap|approve|confirm|type|enter)|are you trying to sign ?in|its me|deny|denied|number (?:on|to|shown|request|prompt|appeared|popped|came|in the app|matching)|(?:type|enter|typed|entered) (?:in )?(?:the|a|this|that) number|(?:6|six) digit|(?:shows?|showed|showing|displays?|displayed|gave|gives|wants|wanted|asks? for|asking for|asked for) (?:me )?(?:a|the|this|that|some|my) (?:number|code|digits)|verif\w* (?:on|with|in) (?:my |the )?(?:phone|mobile|app|authenticator)|sign ?in (?:request|attempt|alert)|login (?:request|attempt|alert|warning)|sign ?in (?:from|warning|email)|(?:sign ?in|login|log ?in|access|activity) (?:\w+ ){0,4}from (?:another|a different|an unknown|abroad|overseas)|(?:sign ?in|login|log ?in) (?:to|on|into) (?:my|our|your) account|log ?in from|signed in from|logged in from|security alert|(?:unusual|suspicious|strange|unfamiliar) (?:sign ?in|login|log ?in|activity)|(?:was|is) (?:this|it) you|asked me to (?:sign|log) ?in|asking me to (?:sign|log) ?in|wants me to (?:sign|log) ?in|sign (?:me )?in again|log (?:me )?in again|signed me out|logged me out|kicked me out|(?:got|been) (?:logged|signed|kicked|thrown) out|session (?:expired|timed out)) /;
const NEGATED_PROMPT = new RegExp(
  ` (?:didnt|did not|dont|do not|doesnt|does not|never|not|no|havent|have not|cant|cannot|wont|isnt|nothing) (?!(?:\\w+ )?expect)(?:\\w+ ){0,3}(?:get|got|getting|receive|received|see|seeing|shows?|showing|appear\\w*|arrive\\w*|come|coming|any|a)? ?(?:prompt|request|notification|push|code|number)`,
);
const PASSWORD_QUESTION =
  / (?:reset|change|changing|new|forgot|forgotten|update|renew|different|replace|expire\w*|recover) (?:\w+ ){0,3}(?:password|pw|pwd)|(?:password|pw|pwd) (?:\w+ ){0,2}(?:reset|change|changed|expired|expire|wrong|stopped|not working) /;
/** First sign-in and adding the account: approving that first request is enrolment, not re-authentication. */
const ENROLMENT =
  / (?:lets try it out|try it out|pressed next|press next|clicked next|after (?:the |i |we )?approv\w*(?! my own)|approval step|approved it now|update your password|current password|confirm password|complexity|requirements|(?<!(?:computer|laptop|pc|device|browser|mac|tablet|ipad|iphone|phone|mobile|chrome|edge|firefox|safari|teams|outlook|app) for the )first time(?! (?:on|from|at|in|using|with) (?:my|a|the|this|home)\b)(?! (?:ive|i have|i am|im|i was|id) us(?:ed|ing)\b)|first ever|first sign ?in|first login|first log ?in|first request|first approval|test request|setting (?:it |this )?up|set (?:it |this )?up|setup|during setup|qr|scan\w*|add(?:ing)? (?:my|the|a) (?:work )?account|new account|enrol\w*|register\w*|onboarding|temporary password|temp password|work or school|new starter|just joined|plus button|welcome letter) /;
/**
 * Setup that is over or is not the authenticator's: "it's been set up since last month", "after I'd
 * set it up", "setting up my new laptop", "the first time since the move". Taken out before looking
 * for signs of enrolment.
 */
const SETUP_DONE_OR_ELSEWHERE =
  / (?:(?:already|been|since i|after i|after id|after i had|ive|i have|weve|we have|had|has) (?:\w+ ){0,2}set (?:it |this |that )?up|set up (?:since|last|weeks|months|ages|already|a while)|(?:setting|set) (?:it |this )?up (?:my |the |a |our )?(?:new |replacement |work |home )*(?:laptop|computer|pc|desktop|mac|machine)|first time since)(?= )/g;
const NEW_PHONE =
  / (?:new (?:phone|mobile|handset|iphone|android)|old (?:phone|mobile|handset)|stolen|switch(?:ing)? phones?|factory reset|factory (?:settings|defaults?)|(?:wiped|wipe|wiping|reset|restored) (?:my |her |his |their |the )?(?:phone|mobile|handset|iphone|android)|pickpocket\\w*|replacement phone|upgrade(?:d)? my phone|(?:lost|left|forgot|forgotten|dropped|broke|broken|replaced|smashed) (?:\w+ ){0,2}(?:phone|mobile|handset|iphone|android)|(?:phone|mobile|handset) (?:\w+ ){0,3}(?:lost|stolen|broken|replaced|died|dead|gone|faulty|repair\w*|missing|cracked|smashed|ruined|water damaged|drowned|fell|dropped|wont (?:turn|switch) on)) /;
/** What only an approval request has; a password window that keeps coming back has none of it. */
const APPROVAL_WORDS =
  / (?:approv\w*|authenticator|number|digits|code|notification\w*|notif|push\w*|mfa|2fa|deny|denied|phone|mobile|alert\w*|requests?|is (?:this|it) you|its me|sign ?in from|log ?in from) /;
/** Accounts that are not the work account: their prompts and alerts are not ours to answer. */
const OTHER_ACCOUNT =
  / (?:bank\w*|barclays|hsbc|lloyds|natwest|santander|monzo|revolut|chase|wells fargo|card payment|spotify|netflix|amazon|paypal|ebay|steam|xbox|playstation|adobe|apple id|icloud|gmail|hotmail|yahoo|facebook|instagram|personal (?:email|account|mail)|my own (?:email|account)|other system|workplace matter) /;
const WORK_ACCOUNT =
  / (?:are you trying to sign ?in|work|microsoft|365|office|teams|outlook|sharepoint|onedrive|iteres|company|authenticator) /;

/** E-mail and ticket headers: who sent it and when, not what happened ("Sent: Saturday 02:14"). */
const HEADER_LINE =
  /^\s*(?:from|sent|to|cc|bcc|date|subject|re|fw|fwd|priority|category|status|assigned to|caller|ticket|reported by|logged by|contact)\s*:/i;
/** A sign-off line that starts the signature ("Kind regards", "Thanks,"): what follows is not the story. */
const SIGN_OFF_LINE =
  /^\s*(?:(?:kind|best|warm|many|with)? ?(?:regards|wishes|thanks|thank you|cheers|rgds|br)|sincerely|yours (?:truly|sincerely|faithfully)|thanks (?:in advance|again|a lot|so much)|ta|tia)\s*[,.!-]?\s*$/i;
/** Lines a mail client or a company adds: "Sent from my iPhone", a confidentiality notice. */
const BOILERPLATE_LINE =
  /sent from my (?:iphone|ipad|android|samsung|phone|mobile|galaxy)|get outlook for (?:ios|android)|(?:confidential|intended recipient|received (?:it|this|this e ?mail|this message) in error|unauthori[sz]ed (?:use|disclosure|copying|review)|virus(?:es)? (?:free|checked|scanned)|think before you print)/i;

/**
 * The body of a message forwarded from a mailbox or a help-desk queue: without its headers, its
 * signature (everything after a bare sign-off line) and the lines a mail client adds. A disclaimer's
 * "unauthorised use" or a header's "Sent: 02:14" is not a sign of an attack.
 */
export function bodyOf(text: string): string {
  const lines = text.split(/\r?\n/);
  const kept: string[] = [];
  for (const [index, line] of lines.entries()) {
    if (index > 0 && SIGN_OFF_LINE.test(line) && kept.some((previous) => previous.trim() !== '')) break;
    if (HEADER_LINE.test(line) || BOILERPLATE_LINE.test(line)) continue;
    kept.push(line);
  }
  const body = kept.join('\n').trim();
  return body === '' ? text : body;
}

/** Sentences of a message, each as its plain words joined by single spaces (with a space at each end). */
export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?;:])\s+|\n+|\s+[-–—]+\s+|\s+(?:but|however|although|though|then)\s+/i)
    .map((sentence) => ` ${words(sentence).join(' ')} `)
    .filter((sentence) => sentence.trim() !== '');
}

/**
 * Decides, from the whole message, whether it reports a sign-in or approval prompt and whose it
 * is. Rules read every sentence with its negations ("I didn't sign in" is not "I signed in");
 * the classifier's probabilities settle what the rules leave open. Kept apart from the topic
 * classifier so that it can be tested, and measured, on its own.
 */
export function detectSafety(text: string, ranking: readonly TopicProbability[]): SafetyVerdict {
  const sentences = sentencesOf(bodyOf(text));
  const whole = ` ${sentences.map((sentence) => sentence.trim()).join(' ')} `;
  const any = (pattern: RegExp) => sentences.some((sentence) => pattern.test(sentence));
  const probability = (topicId: string) =>
    ranking.find((entry) => entry.topicId === topicId)?.probability ?? 0;
  const top = ranking[0]?.topicId;
  const pReauth = probability(REAUTH_TOPIC);
  const pUnrequested = probability(UNREQUESTED_TOPIC);

  const promptSentences = sentences.filter(
    (sentence) => PROMPT.test(sentence) && !NEGATED_PROMPT.test(sentence),
  );
  const prompt = promptSentences.length > 0 || PROMPT.test(whole.replace(NEGATED_PROMPT, ' '));
  const enrolment = ENROLMENT.test(whole.replace(SETUP_DONE_OR_ELSEWHERE, ' '));
  const newPhone = NEW_PHONE.test(whole);
  const reasons: string[] = [];
  // Another account's prompt (a bank, a streaming service) is not ours to answer.
  if (
    OTHER_ACCOUNT.test(whole) &&
    !WORK_ACCOUNT.test(whole.replace(/ not (?:for )?work /g, ' ')) &&
    !any(NEGATED_OWN_ACTION)
  )
    return NOT_SAFETY;
  const phoneGone =
    newPhone &&
    !/ (?:nearly|almost) (?:died|dead|flat) /.test(whole) &&
    probability('new_or_lost_phone') >= 0.2;

  const mistake = APPROVED_BY_MISTAKE.test(whole) && prompt;
  const solicited = CODE_SOLICITED.test(whole) || CODE_DEMANDED.test(whole);
  const negatedAction =
    !CORRECTED.test(whole) &&
    (any(NEGATED_OWN_ACTION) || NOT_ME.test(whole) || any(NOT_ME) || NO_DEVICE.test(whole));
  const ownAction = any(OWN_ACTION_DONE) || any(APP_ASKS);
  const safetyMass = pReauth + pUnrequested;

  // The action and the prompt may sit in one sentence or in two in a row ("I opened Teams, then it asked").
  const ownStep = (sentence: string | undefined) =>
    sentence !== undefined && (OWN_ACTION_DONE.test(sentence) || APP_ASKS.test(sentence));
  // ... or the action follows as the explanation ("I didn't expect it, but I had clicked Outlook").
  const ownPrompt = sentences.some(
    (sentence, index) =>
      promptSentences.includes(sentence) &&
      (ownStep(sentence) || ownStep(sentences[index - 1]) || ownStep(sentences[index + 1])),
  );
  // "I wasn't signing in as such - I just opened a link in Teams and it asked me to approve": the
  // prompt followed an action the person names, so a general "I wasn't signing in" does not decide.
  const promptFromOwnStep = sentences.some(
    (sentence, index) =>
      promptSentences.includes(sentence) &&
      [sentence, sentences[index - 1]].some((step) => ownStep(step) && !NEGATED_OWN_ACTION.test(step ?? '')),
  );

  // Strong signs of a request nobody started; soft ones count only without the person's own action.
  if (mistake) reasons.push('approved by mistake');
  if (solicited) reasons.push('someone asked for the code');
  if (negatedAction && (prompt || safetyMass >= 0.2) && !promptFromOwnStep) reasons.push('did not start it');
  if (prompt && ATTACK_EVIDENCE.test(whole)) reasons.push('someone else is signing in');
  if (
    (prompt || safetyMass >= 0.2 || / (?:password|code|number|login|sign in) /.test(whole)) &&
    ((FOLLOWED_A_LINK.test(whole) && LINK_IN_A_MESSAGE.test(whole)) || PHISHING_MESSAGE.test(whole))
  )
    reasons.push('signed in from a link in a message');
  if (prompt && promptSentences.some((sentence) => WHILE_ASLEEP.test(sentence)))
    reasons.push('while asleep or overnight');
  // With the person's own action in the message, a soft sign counts only in a sentence about a
  // prompt that is not that action ("I opened Teams this morning. Overnight: five requests").
  const softScope = ownAction
    ? promptSentences.filter((sentence) => !OWN_ACTION_DONE.test(sentence) && !APP_ASKS.test(sentence))
    : prompt
      ? [whole]
      : [];
  const soft = (pattern: RegExp) => softScope.some((sentence) => pattern.test(sentence));
  if (reasons.length === 0) {
    if (soft(ATTACK) || (!ownAction && soft(SURPRISE))) reasons.push('signs of an attack');
    if (soft(TIME_OR_PLACE)) reasons.push('at an odd time or from another place');
    if (softScope.some((sentence) => REPEATED.test(sentence) || (!ownAction && any(REPEATED))) && !enrolment)
      reasons.push('requests keep coming');
  }
  if (
    reasons.length === 0 &&
    top === UNREQUESTED_TOPIC &&
    !ownAction &&
    !enrolment &&
    (prompt || pUnrequested >= 0.6)
  ) {
    reasons.push('classifier');
  }
  // Outlook on Windows asking for the password again and again is the Outlook loop, not an attack.
  const outlookLoop = top === 'outlook_reconfigure' && !APPROVAL_WORDS.test(whole);
  const nearMiss =
    (enrolment && top === 'mfa_enroll' && !mistake && !solicited) ||
    (outlookLoop && !mistake && !solicited && !negatedAction) ||
    (phoneGone && !mistake && !solicited && !negatedAction);
  if (reasons.length > 0 && !nearMiss) {
    return { situation: 'unrequested', approvedUnstarted: mistake || APPROVED.test(whole), reasons };
  }

  if (EXPIRY.test(whole))
    return { situation: 'reauth', approvedUnstarted: false, reasons: ['password expiry'] };
  // During enrolment, approving and choosing a password are setup steps, not re-authentication.
  const sureEnough = !enrolment || pReauth >= 0.8;
  if ((top === REAUTH_TOPIC || (top === UNREQUESTED_TOPIC && ownAction)) && sureEnough && !phoneGone) {
    return { situation: 'reauth', approvedUnstarted: false, reasons: ['classifier'] };
  }
  const answerable = top !== 'outlook_reconfigure' && top !== 'mfa_enroll' && !phoneGone;
  // Their own sign-in and the prompt in one sentence, with no sign of setup, is a re-authentication
  // even when the classifier leans to enrolment ("the app wants the code when I log in to office.com").
  const ownPromptOutsideSetup =
    ownPrompt &&
    (top === 'mfa_enroll' || (top === 'outlook_reconfigure' && APPROVAL_WORDS.test(whole))) &&
    !phoneGone;
  if (
    ownAction &&
    prompt &&
    (safetyMass >= 0.1 || ownPrompt) &&
    !enrolment &&
    (answerable || ownPromptOutsideSetup)
  ) {
    return { situation: 'reauth', approvedUnstarted: false, reasons: ['a prompt after their own action'] };
  }
  const passwordQuestion = PASSWORD_QUESTION.test(whole);
  if (passwordQuestion && prompt && !enrolment && answerable) {
    return { situation: 'reauth', approvedUnstarted: false, reasons: ['password question with a prompt'] };
  }
  // Without any word of a prompt, the classifier alone must be surer (a laptop that will not boot is not one).
  if (safetyMass >= (prompt ? 0.55 : 0.6) && !enrolment && answerable) {
    return {
      situation: pUnrequested > pReauth ? 'unrequested' : 'reauth',
      approvedUnstarted: false,
      reasons: ['classifier'],
    };
  }
  return NOT_SAFETY;
}
