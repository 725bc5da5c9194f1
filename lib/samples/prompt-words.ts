/**
 * Prompt words: a selection of the most common English words (SCOWL size 10, 3–11 letters:
 * every third one, plus every one with a rarer letter j, k, q, v, x or z), taken from
 * lib/ctc/assets/words-en.json. SCOWL: Copyright 2000-2016 by Kevin Atkinson, under the permissive
 * licence quoted in that file's header (see lib/ctc/README.md).
 * The prompt chooser also offers Capitalized and UPPER variants, so one list covers both cases.
 */
export const PROMPT_WORDS: readonly string[] = (
  "abilities about above absolute academic accepted access accidental according account accurate" +
  " achieve achieved achieves achieving acquire acquired acquires acquiring across acting active" +
  " activities activity acts add addition addressed adds adequate adjust admit admittedly adopted" +
  " advance advanced advances advancing advantage advantages advertise advertised advertises" +
  " advertising advice advise advised advises advising affair affected afford afternoon again agency" +
  " agree agreement aid aiming alarm algorithms alive all allowing alone also altering alternative" +
  " alters always amount amused analog ancient angry annoy annoys another answering anybody anything" +
  " apart apologize apology appeal appeared apple applies appreciate approach approval approve" +
  " approved approves approving area argued argument arises army arranged arranging arrive arrived" +
  " arrives arriving article artist ask asked asking asks asleep assembler associate associating" +
  " assumed assumption assures atmosphere attaching attack attempted attend attends attract" +
  " attractive author authors autumn available average avoid avoided avoiding avoids awake aware" +
  " awkward back backed background backing backs backwards balance band bank bars bases basing bear" +
  " beautiful become bed beforehand beginning behalf behave behavior behind believe believed believes" +
  " believing belong benefit best better beyond bids biggest bind biology bites bitten bizarre black" +
  " blame blank block blow boards body book books boot borrow borrows bothered bottle bound box boxes" +
  " boy bracket brackets branch breach break breaking breaks briefly bringing broadcasts broke broken" +
  " brother bucket bug building built bulk buried burying busy buy byte calculation calling campaign" +
  " cannot capital card care cares carry cases catalog catching caught causes cell central certainly" +
  " chairman change changing chaos character charged chars cheapest check checked checking checks" +
  " child chips chooses chosen circuit citizen city claiming class clear clearest clears clever clock" +
  " close closer closing code coding collapse collecting college colors combine combining coming" +
  " comment comments commitment commonly company compared comparison compiler complaining complaints" +
  " completely complex complexity complicated components composes compromise computed computes" +
  " concern concerns condition confident confirming confused confusion connecting connects" +
  " consequence considered consist consists constraints contact containing contents context continue" +
  " continuing contrary control controls convenient convention conventions convert convince convinced" +
  " convinces convincing cope copy corner corrected correctly corrupted cost could counted country" +
  " couple court cover covered covering covers crashed crazy creates creature crisp criticism culture" +
  " cup current customer cutting daily damages dangerous dark data dated datum dead deals death" +
  " decent decides decisions declares dedicate dedicating deemed deep defense defines definitely" +
  " definitive delay deletes deliver delivered delivering delivers delivery demands department" +
  " depending derive derived derives deriving describes design designs desired desk destroy destroys" +
  " detailing detected determine determining develop developed developing development develops device" +
  " devices devote devoted devotes devoting dictionary died difference differently digit dinner" +
  " directing directly directs disappear disaster discount discourages discover discovered" +
  " discovering discovers discuss discussing disk dislike displayed distance distinction distribute" +
  " district disturbing divide divided divides dividing division documented doe doing done double" +
  " down dozen dozens drastic drawn drew drink drive driven driver drivers drives driving dropped" +
  " drove due during each early easier east eaten economic edit edition edits effect effective" +
  " effectively effects efforts elect election electronics elements elevator elsewhere embarrasses" +
  " employee enables encounters encourages ended enemy engineering enjoy enormous ensured enter" +
  " enters entitle entitling entries environment equal equally equipment equivalent error especially" +
  " establish estimate even evened evening evenings evens event events eventually ever every" +
  " everybody everyone everything everywhere evidence exact exactly examine examined examines" +
  " examining example examples excellent except exception exceptions excess excessive exchange" +
  " exclude excluded excludes excluding exclusive excuse execute executed executes executing exercise" +
  " exist existed existence existing exists expand expanded expanding expands expansion expect" +
  " expected expecting expects expense expensive experience experienced experiences experiment" +
  " experiments expert experts explain explained explaining explains explanation explicit express" +
  " expressed expresses expressing expression extend extended extending extends extension extensive" +
  " extent external extra extract extreme extremely face fact facts failing fair fall falls family" +
  " fancy farther fast fatal fault favor favorite feature federal feedback feeding feeling fell fewer" +
  " fields figures files filled film financial finds fingers finishes fire first fish fits five fix" +
  " fixed fixes fixing flash flashing flavor flew flexible flies floated floor fly folk folks" +
  " following foot forced foreign forever forgets forgotten format forming forthcoming forward fourth" +
  " free french frequent frequently fresh friends front fully functions funds furthest gained game" +
  " garbage gasoline gave general generated generation gets give given gives giving global gone got" +
  " government governor grand granted graph grateful grave great greatly grind gross grounds grow" +
  " grows guaranteed guess guessing guy hack half handed handled hands hanged happen happens hard" +
  " hardly harmful hat have having header health heard heart heavily heavy hello helpful hence hereby" +
  " hid hides higher hill hint historical hits holding holes home hoped hoping horses hot hours" +
  " however hundred hunt ice ideas identity ignores illegal imagination immediately implemented" +
  " implied implying importantly imposes impression improve improved improvement improves improving" +
  " inability inadequate inches inclined include including incorrect increases independent index" +
  " indicates individual individuals inevitably influence information informs initials input" +
  " inputting inserting insist insists installing instant institution integer intelligent intending" +
  " interact interesting internal interprets interval intervals into introduces invalid invariably" +
  " invent invented inventing invents investigate invisible invitation invite invited invites" +
  " inviting involve involved involves involving irrelevant irritated isolate isolating issues items" +
  " job jobs join joined joining joins joint joke joy judge judgment jump jumps junk just justified" +
  " justifies justify justifying keen keep keeping keeps kept key keyboard keys kid kill killed" +
  " killing kills kind kindly kinds king knew knock knocked knocking knocks know knowing knowledge" +
  " known knows labeling laboratory lack lacked lacking lacks lady landed language largely last later" +
  " law layout lazy lead leading learn learns leave leaved leaves leaving lecture left legally length" +
  " lesson lets letting level levels liable lie life light like liked likely likes likewise liking" +
  " limited line link linked linking links listen literally live lived lives living loading local" +
  " lock locked locking locks logging logs longest look looked looking looks loose lose loss lots" +
  " love low luck lucky lying mad magnetic main maintained major majority make makes making manage" +
  " manages manual map mark marked market marking marks mass massive match materials matters maximum" +
  " maybe meaningful means measured mechanic media mediums meetings members men mentioning merely" +
  " mess messy method midnight miles millions minding minimal minority mislead misled misses mistake" +
  " mistaken mistakes mistaking mistook mix mixed mixes mixing mod models modifies moment month more" +
  " most motion move moved movement movements moves movie moving much must naive namely nasty natural" +
  " naughty nearer necessarily neck needing negative neither nervous network networks never new next" +
  " nice night noise nonsense normally note nothing notices noting novel nowadays number numerical" +
  " object objected objecting objection objections objects obscure observation observe observed" +
  " observes observing obtain obtains obvious obviously occasion occupied occupying occurring odds" +
  " offered office official old omit omitting ones open opens operates operations opinion oppose" +
  " opposing option order orders organize organized organizes organizing origin other ought ourselves" +
  " output over overall owes owner pack package packages packet page pain pairs paragraph park" +
  " partially partly pass passing path patterns payed peace peak pen perfect performance performs" +
  " permanent permit permitting personally persuaded petrol philosophy phrases pick picked picking" +
  " picks picture pieces pipe places plan planned plant played plea pleased plenty plug pocket poem" +
  " pointed points policy pool popular position positive possibility post postmaster potentially" +
  " power practical precise preferable preferred preparation prepares present presents preserve press" +
  " pressing presume prevent prevented preventing prevents previous previously prices primitive print" +
  " printers prints private probably procedure processes processors produces production programmed" +
  " programming project projects promised prompt proof properties proposal proposes protect" +
  " protection prove proved proves provide provided provides providing proving publication publish" +
  " publishing pulling puncture purely push pushing putt putts qualified qualifies qualify qualifying" +
  " quality quantities quantity quarter question questions queue quick quicker quickest quickly quiet" +
  " quietly quit quite quits quitting quote quoted quotes quoting radio raised ran range rare rates" +
  " reach reaching read readers reads reality realize realized realizes realizing reason reasons" +
  " receive received receives receiving recent recognition recognize recognized recognizes" +
  " recognizing recommended recorded recover recovered recovering recovers reduced reduction" +
  " reference referring reflected reflects refuses regarded regards registered regret regulation" +
  " reject rejected rejecting rejects relate relating relative relatively releases relevance relevant" +
  " religious remain remains remark remarks remember remembers reminding remotely removal remove" +
  " removed removes removing repair repeatedly replace replaces replies report reports represents" +
  " request requested requesting requests require required requirement requires requiring reserve" +
  " reserved reserves reserving resort respect response rest restored restrict restricts resulting" +
  " return returns reveal revealed revealing reveals reverse review ridding rids ring risk river roll" +
  " root round row rule run rush safe safest saint sake sales sat satisfy save saved saves saving saw" +
  " says scene schools scientific scrap screens searched season secondly secretary secure seeing seek" +
  " seeking seeks seeming sees selecting self sells sending sense sensitive sentences sequence" +
  " sequences series serve served server serves service services serving set settle settling seven" +
  " several severe severely sex shall share sharing sheet shift shop shops shorter should showing" +
  " shut side sign signed signs similarly simplest sincerely site sitting six size sizes skill skills" +
  " slight slow slowly smallest social software solid solve solved solves solving somehow something" +
  " somewhat soon sorry sorting sound sounds south spaces speak speaker speakers speaking speaks" +
  " specific specify speed spelling spending spirit splits spoke spoken spotted spreading square" +
  " stage standard stands starting stated states stations statistics stayed steal stick sticking" +
  " sticks stock stood stopping store storing strange street strictly strike strikes striking strong" +
  " struck structure stuck student studies stuff subject subjects submits subsequent substitute" +
  " success sudden suffered suffice suggest suggestion suit suited sum sun supervisor supplied" +
  " supplying supporting supposed supposing surface surprises survey survive survived survives" +
  " surviving suspecting suspended suspicion switches symbols syntax systems take taken takes taking" +
  " talk talked talking talks tank tanks target task tasks taste tax tea teaches technical technique" +
  " techniques technology telephone television telling temporarily tend term terminology test tests" +
  " text thank thanks the themselves theory therefore thin think thinking thinks third those thoughts" +
  " threat through throwing thus ticket tickets tie tight timed tin today token told too took top" +
  " total touched toward trace track tracks traditional trained transfer translate translating trap" +
  " traps travel treat treatment trees trick tried trivial truck trucks trunk trusting try turn turns" +
  " twelve twice type typical ultimate unaware under understands unhappy unique unit universal" +
  " university unknown unless unlike unlikely unlimited unsuitable unwanted updates upper upsetting" +
  " use useless uses usually vacation vacations vague vaguely valid validity valuable value values" +
  " van vans variable variables variation varied varies variety various vary varying vast vastly" +
  " vector version versions very via vice video view views virtually virtue visible vision visit" +
  " vital voice volume vote votes waited walk walked walking walks want wants warn warns waste" +
  " wasting watches way wear weather week weekend weeks welcome welcoming were what whatever" +
  " whatsoever wheel whenever whereby wherever which white whoever whole why wider wife willed win" +
  " windows wins wise wishes withdraw woman wonder wondering word words work worked worker workers" +
  " working works worn worry worst worthy writer written year yes you yours zero"
).split(" ").filter(Boolean);
