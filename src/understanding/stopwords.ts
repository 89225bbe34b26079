/** Words that carry no topic on their own. Question words and "help" go too: every topic has them. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a about above after again all am an and any are as at be because been before being below between both but by
   can could did do does doing done down during each few for from further get gets got had has have having he her
   here hers him his how i if in into is it its itself just let lets me more most my myself no nor not now of off
   on once only or other our ours out over own please pls plz same she should so some such than that the their
   them then there these they this those through to too under until up very was we were what when where which
   while who whom why will with would you your yours yourself hi hello hey thanks thank ok okay help need want
   trying try tried use using used like know think sure just really still also im ive id youre dont doesnt didnt
   cant wont isnt wasnt hasnt havent whats thats theres one two go going gonna wanna tell show give make made
   way thing things something anything stuff bit lot new s t d m ll re ve`
    .split(/\s+/)
    .filter((word) => word !== ''),
);

/** Words that stay meaningful even though they look like stopwords in other settings. */
export const KEPT_WORDS: ReadonlySet<string> = new Set([
  'again',
  'back',
  'new',
  'out',
  'keeps',
  'keep',
  'first',
]);
