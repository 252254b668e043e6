"""The stories of the dev set: for each, its date, dateline and the sentences the briefs are
made of (titles, leads, details). Written by the Herald team for this set (CC0 1.0); the
people, organisations and places are real, the wording and the quotations are invented.
Stories sharing a `pair` number involve the same actors on the same or the next day but
are different events: the hard case."""

S = []


def story(key, date, dateline, titles, leads, details, pair=None):
    S.append(dict(key=key, date=date, dateline=dateline, titles=titles, leads=leads,
                  details=details, pair=pair))


# -- pair 1: the United States and Russia, 9 September 2016
story("syria-truce-plan", "2016-09-09T22:00:00Z", "GENEVA", [
    "Kerry and Lavrov agree plan to restore Syria cease-fire",
    "U.S., Russia strike Syria truce deal after marathon Geneva talks",
    "Washington and Moscow unveil plan for nationwide truce in Syria",
], [
    "U.S. Secretary of State John Kerry and Russian Foreign Minister Sergei Lavrov agreed in Geneva on Friday on a plan to restore a nationwide cease-fire in Syria after talks lasting more than 13 hours.",
    "The United States and Russia announced a deal in Geneva late on Friday to revive the cease-fire in Syria, after John Kerry and Sergei Lavrov negotiated through the day and into the night.",
    "Russia and the United States reached agreement in Geneva on Friday on a plan to halt fighting across Syria, Sergei Lavrov and John Kerry told reporters after a marathon round of talks.",
], [
    "The truce is due to take effect at sundown on Monday.",
    "Under the plan, the Syrian government would halt air strikes on areas held by mainstream rebel groups.",
    "Washington and Moscow would set up a joint center to coordinate strikes against Islamic State and the Nusra Front.",
    "Kerry said the plan could be a turning point if both sides kept to it.",
    "Lavrov said Russia had told the Syrian government about the arrangement and that Damascus was ready to comply.",
], pair=1)
story("dnc-hack-accusation", "2016-09-09T16:00:00Z", "WASHINGTON", [
    "U.S. officials accuse Russia of hacking Democratic Party emails",
    "Washington blames Moscow for cyber attack on Democratic National Committee",
    "U.S. intelligence points to Russia over Democratic Party hack",
], [
    "U.S. officials accused Russia on Friday of directing the theft of emails from the Democratic National Committee, saying the hack was meant to interfere with the presidential election.",
    "The United States on Friday blamed Russian government hackers for breaking into the computer systems of the Democratic National Committee, officials in Washington said.",
    "Russia was behind the cyber attack on the Democratic National Committee, U.S. officials said in Washington on Friday, in the sharpest accusation yet against Moscow over the election.",
], [
    "The officials said the intrusions could only have been authorized by Russia's most senior officials.",
    "Thousands of stolen emails were published by WikiLeaks in July.",
    "The Kremlin has repeatedly denied any involvement in the hacking.",
    "The Federal Bureau of Investigation is investigating the breach.",
    "Democratic lawmakers called for new sanctions against Moscow.",
], pair=1)

# -- pair 2: Germany and Turkey, 15-16 February 2018
story("yucel-release", "2018-02-16T14:00:00Z", "ISTANBUL", [
    "Turkey frees German journalist Deniz Yucel after a year in jail",
    "Die Welt reporter Deniz Yucel released from Turkish prison",
    "German-Turkish journalist Yucel walks free in Istanbul",
], [
    "A Turkish court ordered the release of German journalist Deniz Yucel on Friday after he spent a year in prison without charge, his newspaper Die Welt said.",
    "Deniz Yucel, a correspondent for the German daily Die Welt, was freed from a prison near Istanbul on Friday after a year in pre-trial detention.",
    "Turkey released Deniz Yucel, the Die Welt correspondent held for a year on terrorism accusations, on Friday, removing a major irritant in relations with Germany.",
], [
    "Prosecutors are seeking up to 18 years in prison for Yucel on charges of spreading terrorist propaganda.",
    "Yucel, who holds German and Turkish citizenship, was detained in February 2017.",
    "German Foreign Minister Sigmar Gabriel said he was relieved and thanked the Turkish government.",
    "Yucel left the Silivri prison and flew to Germany hours after his release, his lawyer said.",
], pair=2)
story("merkel-yildirim", "2018-02-15T13:00:00Z", "BERLIN", [
    "Merkel meets Turkish prime minister Yildirim in Berlin",
    "Merkel and Yildirim seek to mend German-Turkish ties",
    "Turkish premier Yildirim holds talks with Merkel in Berlin",
], [
    "German Chancellor Angela Merkel received Turkish Prime Minister Binali Yildirim in Berlin on Thursday for talks aimed at repairing relations strained by Ankara's crackdown after the 2016 coup attempt.",
    "Turkish Prime Minister Binali Yildirim met Chancellor Angela Merkel in Berlin on Thursday, his first visit to Germany in more than a year.",
    "Angela Merkel and Binali Yildirim held talks at the chancellery in Berlin on Thursday on trade, migration and the fight against terrorism.",
], [
    "Yildirim said he hoped for a speedy trial of jailed German citizens in Turkey.",
    "Merkel said the two countries had a strong interest in good relations despite their differences.",
    "The talks also covered the 2016 migration agreement between the European Union and Turkey.",
    "Turkey has detained several German citizens since the failed coup of July 2016.",
], pair=2)

# -- pair 3: India and Pakistan, 1 March 2019
story("abhinandan-return", "2019-03-01T18:00:00Z", "WAGAH", [
    "Pakistan hands captured Indian pilot back at Wagah border",
    "Indian Air Force pilot Abhinandan Varthaman returns home",
    "Captured pilot freed by Pakistan as gesture of peace",
], [
    "Pakistan handed over captured Indian Air Force pilot Abhinandan Varthaman at the Wagah border crossing on Friday, two days after his MiG-21 was shot down over Kashmir.",
    "Wing Commander Abhinandan Varthaman crossed back into India at Wagah on Friday after Pakistan released him, a step Prime Minister Imran Khan called a gesture of peace.",
    "India welcomed back Abhinandan Varthaman on Friday evening when Pakistani officials handed the pilot over at the Wagah-Attari crossing near Lahore.",
], [
    "Imran Khan announced the release in parliament on Thursday.",
    "Crowds waving Indian flags gathered on the Indian side of the crossing at Attari.",
    "The pilot was captured after his jet came down in Pakistani Kashmir during an aerial clash.",
    "Indian Prime Minister Narendra Modi said the nation was proud of his courage.",
], pair=3)
story("loc-shelling", "2019-03-01T09:00:00Z", "SRINAGAR", [
    "Indian and Pakistani troops trade fire along Kashmir frontier",
    "Shelling across Line of Control kills civilians in Kashmir",
    "Kashmir: cross-border firing continues despite de-escalation calls",
], [
    "Indian and Pakistani troops exchanged heavy fire along the Line of Control in Kashmir on Friday, killing at least three civilians, officials on both sides said.",
    "Shelling across the Line of Control killed civilians in the Poonch and Rajouri districts of Indian Kashmir on Friday, police said, as the two armies traded fire for a fourth day.",
    "Pakistani and Indian forces fired mortars and artillery across the de facto border in Kashmir on Friday, officials said, despite international calls for restraint.",
], [
    "Schools near the frontier were closed and families moved to bunkers.",
    "The Indian army said it responded to unprovoked firing by Pakistani troops.",
    "Pakistan's military said Indian fire had killed two civilians in the Kotli sector.",
    "Residents of villages near the Line of Control said the shelling lasted through the night.",
], pair=3)

# -- pair 4: Russia and Ukraine, 7 September 2019
story("prisoner-swap", "2019-09-07T15:00:00Z", "KIEV", [
    "Russia and Ukraine swap 70 prisoners in step toward peace",
    "Sentsov among prisoners freed as Kiev and Moscow exchange detainees",
    "Ukrainian sailors return home in prisoner exchange with Russia",
], [
    "Russia and Ukraine exchanged 70 prisoners on Saturday, including the 24 Ukrainian sailors seized near the Kerch Strait and filmmaker Oleg Sentsov, in a deal seen as a step toward ending the conflict in eastern Ukraine.",
    "Planes carrying 35 prisoners each landed in Kiev and Moscow on Saturday as Ukraine and Russia carried out a long-awaited swap of detainees.",
    "Ukrainian President Volodymyr Zelenskiy greeted freed prisoners at Kiev's Boryspil airport on Saturday after an exchange with Russia that returned the Kerch sailors and Oleg Sentsov.",
], [
    "Russian President Vladimir Putin described the exchange as a good step forward.",
    "Among those sent to Russia was Kirill Vyshinsky, a journalist held in Ukraine on treason charges.",
    "The sailors were captured by Russian forces in November 2018.",
    "European leaders welcomed the swap and called for talks in the Normandy format.",
], pair=4)
story("avdiivka-shelling-2019", "2019-09-07T11:00:00Z", "AVDIIVKA", [
    "Ukrainian soldier killed in shelling near Avdiivka",
    "Fighting flares in eastern Ukraine near Avdiivka",
    "Kiev reports deadly shelling by separatists in Donetsk region",
], [
    "One Ukrainian soldier was killed and two were wounded when separatist forces shelled positions near Avdiivka in eastern Ukraine, the Ukrainian military said on Saturday.",
    "Separatist forces shelled Ukrainian army positions near Avdiivka in the Donetsk region, killing a soldier, military officials in Kiev said on Saturday.",
    "Shelling near the front-line town of Avdiivka killed a Ukrainian serviceman, the army's operational command said on Saturday, blaming Russian-backed separatists.",
], [
    "The military said separatists used mortars and grenade launchers.",
    "The Organization for Security and Co-operation in Europe monitors recorded dozens of explosions in the area.",
    "More than 13,000 people have been killed in the conflict since 2014.",
    "Separatist officials in Donetsk accused Ukrainian forces of firing first.",
], pair=4)

# -- pair 5: the United States and China, 15 June 2018
story("tariffs-50bn", "2018-06-15T15:00:00Z", "WASHINGTON", [
    "Trump approves tariffs on $50 billion of Chinese goods",
    "U.S. slaps 25 percent tariffs on Chinese imports; Beijing vows response",
    "Trade war fears grow as Washington targets Chinese technology goods",
], [
    "President Donald Trump approved 25 percent tariffs on $50 billion of Chinese imports on Friday, and China said it would retaliate immediately with duties of the same scale.",
    "The United States announced tariffs of 25 percent on $50 billion of goods from China on Friday, targeting industrial technology, and Beijing promised tariffs of equal strength.",
    "Washington moved ahead with tariffs on $50 billion of Chinese products on Friday, the Office of the U.S. Trade Representative said, raising fears of a trade war between the world's two largest economies.",
], [
    "The first tariffs, on 818 products, take effect on July 6.",
    "China's Commerce Ministry said it would not accept unfair trade practices.",
    "Trump said the tariffs were a response to the theft of American intellectual property.",
    "U.S. stock markets fell after the announcement.",
], pair=5)
story("taiwan-strait-transit", "2018-06-15T06:00:00Z", "TAIPEI", [
    "China protests as U.S. warship sails through Taiwan Strait",
    "Beijing warns Washington after Navy destroyer transits Taiwan Strait",
    "U.S. destroyer passes through Taiwan Strait, drawing Chinese rebuke",
], [
    "China lodged a protest with the United States on Friday after a U.S. Navy destroyer sailed through the Taiwan Strait, Taiwan's defence ministry and Chinese officials said.",
    "A U.S. Navy destroyer transited the Taiwan Strait on Friday, Taiwan's defence ministry said, prompting China to warn Washington against challenging its claims over the island.",
    "The Chinese foreign ministry said on Friday it had expressed strong concern to Washington after an American warship passed through the Taiwan Strait.",
], [
    "Taiwan's defence ministry said it monitored the ship throughout its passage.",
    "China considers Taiwan a breakaway province and has never renounced the use of force.",
    "A Navy spokesman said the transit demonstrated the U.S. commitment to a free and open Indo-Pacific.",
    "Chinese warships shadowed the destroyer, according to officials in Taipei.",
], pair=5)

# -- pair 6: Israel and Hamas, 14 July 2018
story("gaza-strikes", "2018-07-14T14:00:00Z", "GAZA", [
    "Israel launches heaviest strikes on Gaza since 2014 war",
    "Israeli jets hit Hamas targets after barrage of rockets",
    "Two teenagers killed as Israel pounds Hamas sites in Gaza",
], [
    "Israeli aircraft struck dozens of Hamas targets in the Gaza Strip on Saturday in the heaviest attack since the 2014 war, after militants fired scores of rockets and mortars into southern Israel.",
    "Israel carried out waves of air strikes on Hamas positions across Gaza on Saturday, killing two Palestinian teenagers, after rockets were fired at Israeli towns, officials on both sides said.",
    "The Israeli military said on Saturday it had hit more than 40 Hamas targets in Gaza, including a tunnel and a battalion headquarters, in response to rocket fire.",
], [
    "Gaza's health ministry said the teenagers were killed when a strike hit a building in Gaza City.",
    "Israeli police said four people were wounded when a rocket hit a house in Sderot.",
    "Prime Minister Benjamin Netanyahu said Israel would respond with great force to attacks.",
    "Hamas said the rocket fire was a response to Israeli attacks on its members.",
], pair=6)
story("cairo-truce-talks-2018", "2018-07-15T10:00:00Z", "CAIRO", [
    "Egypt and U.N. broker Gaza truce after day of fighting",
    "Hamas says cease-fire agreed with Israel through Egyptian mediation",
    "Calm returns to Gaza after Egypt-brokered truce",
], [
    "Hamas said on Sunday that a cease-fire with Israel had been reached through Egyptian and United Nations mediation, ending a day of the heaviest fighting in Gaza since 2014.",
    "Egyptian and U.N. mediators brokered a truce between Israel and Hamas late on Saturday, a Hamas spokesman said on Sunday, and no rockets or air strikes were reported overnight.",
    "A cease-fire between Israel and Hamas arranged by Egypt held on Sunday morning, officials said, after mediation led by U.N. envoy Nickolay Mladenov.",
], [
    "Israel did not confirm the truce but officials said quiet would be answered with quiet.",
    "Mladenov said the United Nations would continue to work with Egypt to prevent a new war.",
    "Egyptian intelligence officials held talks with Hamas leaders in Cairo, a spokesman said.",
    "Residents of southern Israel were told they could resume normal activities.",
], pair=6)

# -- pair 7: France and Mali, 19 May 2017
story("macron-gao", "2017-05-19T12:00:00Z", "GAO", [
    "Macron visits French troops in Mali on first trip outside Europe",
    "French president Macron pledges continued fight against militants in Sahel",
    "In Gao, Macron vows France will stay the course in Mali",
], [
    "French President Emmanuel Macron visited troops in Gao, northern Mali, on Friday, his first trip outside Europe since taking office, and promised to keep up the fight against Islamist militants in the Sahel.",
    "Emmanuel Macron flew to Gao in Mali on Friday to meet French soldiers of Operation Barkhane, pledging that France would remain engaged in the region.",
    "On his first visit outside Europe as president, Emmanuel Macron told French troops in Gao on Friday that they would stay in Mali until there was no more Islamist threat.",
], [
    "Macron was accompanied by Malian President Ibrahim Boubacar Keita.",
    "France has about 4,000 troops in the Sahel under Operation Barkhane.",
    "Macron said he wanted Germany and other European partners to do more in the region.",
    "He also called for the 2015 Algiers peace accord to be applied faster.",
], pair=7)
story("mali-airstrike", "2017-05-19T20:00:00Z", "BAMAKO", [
    "French air strike kills militants in central Mali",
    "French forces say air raid killed jihadist fighters near Mopti",
    "Militants killed in French strike in Mali, army says",
], [
    "A French air strike killed about a dozen Islamist militants in central Mali, the French army said on Friday.",
    "French forces killed several jihadist fighters in an air strike in the Mopti region of central Mali, a French military spokesman said on Friday.",
    "French aircraft struck a militant camp in central Mali, killing fighters linked to al Qaeda, the French general staff said on Friday.",
], [
    "The spokesman said the fighters were preparing attacks on Malian army posts.",
    "Central Mali has seen a surge of violence by militants linked to al Qaeda in the Islamic Maghreb.",
    "Malian soldiers took part in the operation, officials in Bamako said.",
    "Weapons and motorcycles were seized at the site.",
], pair=7)

# -- pair 8: the United States and North Korea, 12 June 2018
story("singapore-summit", "2018-06-12T08:00:00Z", "SINGAPORE", [
    "Trump and Kim sign pledge on denuclearisation at Singapore summit",
    "Trump, Kim Jong Un shake hands in historic Singapore meeting",
    "Historic summit: Kim commits to work toward denuclearisation",
], [
    "U.S. President Donald Trump and North Korean leader Kim Jong Un signed a joint statement in Singapore on Tuesday in which Kim committed to work toward complete denuclearisation of the Korean peninsula.",
    "Donald Trump and Kim Jong Un met on Singapore's Sentosa island on Tuesday, the first meeting between a sitting U.S. president and a North Korean leader, and signed a document pledging new relations.",
    "Kim Jong Un and Donald Trump shook hands at a hotel in Singapore on Tuesday and signed an agreement committing North Korea to denuclearisation in exchange for security guarantees.",
], [
    "The statement gave no timetable or details on how denuclearisation would be verified.",
    "Trump said the two men had developed a very special bond.",
    "The United States committed to provide security guarantees to North Korea.",
    "The two leaders met alone with only interpreters for about 40 minutes.",
], pair=8)
story("korea-drills-halt", "2018-06-12T11:00:00Z", "SEOUL", [
    "Trump says U.S. will halt military exercises with South Korea",
    "Seoul caught off guard as Trump announces end to war games",
    "U.S. to suspend drills with South Korea, Trump tells reporters",
], [
    "President Donald Trump said on Tuesday the United States would stop its military exercises with South Korea, calling them provocative and expensive, a move that surprised officials in Seoul.",
    "The United States will suspend joint military drills with South Korea, Donald Trump said on Tuesday, a concession long sought by North Korea that appeared to take Seoul and the Pentagon by surprise.",
    "South Korea's presidential office said on Tuesday it needed to find out the meaning of Trump's remark that the United States would end war games with its ally.",
], [
    "About 28,500 U.S. troops are stationed in South Korea.",
    "U.S. Forces Korea said it had received no new guidance on the exercises.",
    "The next large exercise, Ulchi Freedom Guardian, had been planned for August.",
    "Japanese Defence Minister Itsunori Onodera said the drills were vital for regional security.",
], pair=8)

# -- single stories
story("mh17-sanctions", "2014-07-29T18:00:00Z", "BRUSSELS", [
    "EU agrees broad economic sanctions on Russia over Ukraine",
    "European Union targets Russian banks and arms trade",
    "EU imposes toughest sanctions on Russia since Cold War",
], [
    "The European Union agreed on Tuesday to impose its toughest sanctions on Russia since the Cold War, targeting state-owned banks, arms sales and oil technology over Moscow's role in eastern Ukraine.",
    "EU ambassadors approved sectoral sanctions on Russia in Brussels on Tuesday, less than two weeks after Malaysia Airlines Flight MH17 was shot down over rebel-held eastern Ukraine.",
    "Russia's largest state banks will be barred from raising money in European markets under sanctions agreed by the European Union on Tuesday, diplomats in Brussels said.",
], [
    "The measures ban new contracts for arms sales to Russia.",
    "Exports of technology for deep-sea and Arctic oil exploration will need approval.",
    "All 298 people on board Flight MH17 were killed on July 17.",
    "Russia's foreign ministry called the sanctions destructive and short-sighted.",
])
story("kenya-result-protests", "2017-08-12T10:00:00Z", "NAIROBI", [
    "Police fire tear gas as protests erupt after Kenyatta declared winner",
    "Deadly clashes in Nairobi and Kisumu after Kenya election result",
    "Kenya opposition supporters clash with police after Kenyatta win",
], [
    "Kenyan police fired tear gas and live rounds at protesters in Nairobi's Mathare and Kibera slums and in Kisumu on Saturday, hours after President Uhuru Kenyatta was declared winner of the election.",
    "Protests broke out in opposition strongholds in Nairobi and the western city of Kisumu on Saturday after Uhuru Kenyatta won a second term, and police said several people had been shot dead.",
    "Supporters of opposition leader Raila Odinga clashed with police in Kenya on Saturday after the Independent Electoral and Boundaries Commission declared Uhuru Kenyatta re-elected.",
], [
    "Kenyatta won 54.3 percent of the vote against 44.7 percent for Odinga.",
    "Odinga has rejected the result and said the vote count was manipulated.",
    "The Kenya National Commission on Human Rights said at least 24 people had been killed by police.",
    "International observers said the election had been largely free and fair.",
])
story("zapad-2017", "2017-09-14T09:00:00Z", "MINSK", [
    "Russia and Belarus launch Zapad war games on NATO's doorstep",
    "Zapad-2017 exercises begin amid NATO concern over troop numbers",
    "Russian, Belarusian forces start joint drills near Baltic states",
], [
    "Russia and Belarus launched the Zapad-2017 military exercises on Thursday near the borders of NATO members Poland, Lithuania and Latvia, drills that Moscow says involve 12,700 troops.",
    "The joint Russian-Belarusian Zapad-2017 exercises began on Thursday, with Western officials saying the true number of troops taking part could be far higher than the 12,700 announced.",
    "Thousands of Russian and Belarusian troops began the Zapad-2017 war games on Thursday in Belarus and the Russian exclave of Kaliningrad, as NATO watched closely.",
], [
    "The exercises run until Sept. 20.",
    "Lithuania's defence minister said the drills were a show of force aimed at the West.",
    "NATO sent observers to some parts of the exercise at Belarus' invitation.",
    "Russia says the drills are purely defensive.",
])
story("idomeni-clash", "2016-04-10T15:00:00Z", "IDOMENI", [
    "Macedonian police fire tear gas at migrants at Greek border",
    "Hundreds hurt as migrants try to storm fence at Idomeni",
    "Clashes at Greece-Macedonia border as migrants push against fence",
], [
    "Macedonian police fired tear gas and rubber bullets at hundreds of migrants trying to break through the border fence near the Greek village of Idomeni on Sunday, aid groups said.",
    "Hundreds of migrants were treated for injuries after Macedonian police used tear gas against crowds trying to cross the border from Idomeni in Greece on Sunday, Doctors Without Borders said.",
    "Migrants stranded at Idomeni tried to force their way into Macedonia on Sunday and were pushed back with tear gas, Greek police said.",
], [
    "About 11,000 people have been stuck at Idomeni since Balkan countries closed their borders.",
    "Doctors Without Borders said it treated about 300 people, including children.",
    "Greek government spokesman Giorgos Kyritsis condemned the use of force.",
    "Macedonian officials said the police acted to protect the border.",
])
story("kerch-strait", "2018-11-25T20:00:00Z", "KIEV", [
    "Russia seizes Ukrainian navy ships near Crimea",
    "Russian forces fire on and capture Ukrainian vessels in Kerch Strait",
    "Ukraine says Russia rammed and seized three of its ships",
], [
    "Russian forces fired on and seized three Ukrainian navy vessels off Crimea on Sunday, wounding several sailors, in a sharp escalation between the two countries.",
    "Russia's FSB border service seized two Ukrainian gunboats and a tug near the Kerch Strait on Sunday after firing on them, Ukraine's navy said.",
    "Ukraine accused Russia on Sunday of ramming and capturing three of its navy ships as they tried to pass through the Kerch Strait into the Sea of Azov.",
], [
    "President Petro Poroshenko called a meeting of his war cabinet.",
    "Russia blocked the strait with a tanker placed under the Kerch bridge.",
    "The FSB said the Ukrainian ships had illegally entered Russian waters.",
    "Twenty-four Ukrainian sailors were detained.",
])
story("car-wash-odebrecht", "2016-12-01T14:00:00Z", "BRASILIA", [
    "Odebrecht executives sign plea deals in Brazil graft probe",
    "Brazil's Odebrecht agrees leniency deal in Car Wash investigation",
    "Dozens of Odebrecht managers to testify in Brazil corruption case",
], [
    "Dozens of executives of Brazilian builder Odebrecht signed plea bargain agreements with prosecutors on Thursday in the Car Wash corruption investigation, people familiar with the matter said.",
    "Odebrecht, Latin America's largest construction company, agreed on Thursday to cooperate with Brazilian prosecutors in the Car Wash probe into kickbacks at state oil company Petrobras.",
    "Brazilian prosecutors said on Thursday they had signed plea deals with 77 Odebrecht executives who will detail bribes paid to politicians in the Petrobras scandal.",
], [
    "The testimony is expected to implicate scores of politicians.",
    "Former chief executive Marcelo Odebrecht is serving a 19-year sentence.",
    "The company will also pay fines in Brazil, the United States and Switzerland.",
    "President Michel Temer said the investigation must continue.",
])
story("yemen-pledges", "2017-04-25T16:00:00Z", "GENEVA", [
    "Donors pledge $1.1 billion for Yemen at Geneva conference",
    "U.N. raises $1.1 billion for Yemen as famine looms",
    "Yemen aid conference falls short of U.N. appeal",
], [
    "International donors pledged $1.1 billion in aid for Yemen at a conference in Geneva on Tuesday, about half of what the United Nations says is needed to avert famine.",
    "U.N. Secretary-General Antonio Guterres said on Tuesday that donors had pledged $1.1 billion for Yemen, where 17 million people lack enough food.",
    "A donor conference for Yemen in Geneva raised $1.1 billion on Tuesday, the United Nations said, as it warned that a child dies every ten minutes of preventable causes.",
], [
    "The United Nations had appealed for $2.1 billion for 2017.",
    "Saudi Arabia and the United Arab Emirates each pledged $150 million.",
    "Guterres urged the warring parties to allow aid into the port of Hodeidah.",
    "The conference was co-hosted by Sweden and Switzerland.",
])
story("north-korea-test-unsc", "2017-09-04T15:00:00Z", "UNITED NATIONS", [
    "U.S. says North Korea is begging for war at Security Council",
    "Haley calls for strongest sanctions after North Korean nuclear test",
    "U.N. Security Council meets after North Korea's sixth nuclear test",
], [
    "U.S. Ambassador Nikki Haley told an emergency meeting of the U.N. Security Council on Monday that North Korea was begging for war after its sixth and largest nuclear test.",
    "The United States called on the U.N. Security Council on Monday to impose the strongest possible sanctions on North Korea after Pyongyang tested what it said was a hydrogen bomb.",
    "The U.N. Security Council held an emergency meeting on Monday on North Korea's nuclear test, with Nikki Haley saying enough is enough.",
], [
    "North Korea said it tested a hydrogen bomb that could be loaded onto a long-range missile.",
    "China and Russia called for talks and opposed military action.",
    "Haley said the United States would circulate a new draft resolution this week.",
    "South Korea's military carried out a missile drill simulating an attack on the test site.",
])
story("nigeria-buhari-wins", "2019-02-27T06:00:00Z", "ABUJA", [
    "Buhari wins second term as Nigeria's president",
    "Nigeria's electoral commission declares Buhari winner",
    "Atiku rejects result as Buhari re-elected in Nigeria",
], [
    "Nigerian President Muhammadu Buhari won a second term, the Independent National Electoral Commission said on Wednesday, beating his main challenger Atiku Abubakar by nearly four million votes.",
    "Muhammadu Buhari was declared the winner of Nigeria's presidential election early on Wednesday with 56 percent of the vote, while opposition candidate Atiku Abubakar said he would challenge the result.",
    "Nigeria's election commission declared Muhammadu Buhari re-elected on Wednesday, and his rival Atiku Abubakar rejected the outcome as a sham.",
], [
    "Buhari won 15.2 million votes against 11.3 million for Atiku.",
    "Turnout was about 35.6 percent, the commission said.",
    "Election observers reported delays, violence and vote buying in some states.",
    "Buhari promised to press on with his fight against corruption.",
])
story("venezuela-aid-standoff", "2019-02-23T22:00:00Z", "CUCUTA", [
    "Venezuelan troops block aid convoys at Colombian border",
    "Aid trucks set on fire on Venezuela-Colombia bridge",
    "Guaido's bid to bring aid into Venezuela meets tear gas",
], [
    "Venezuelan security forces fired tear gas at crowds on the border with Colombia on Saturday, blocking trucks of humanitarian aid that opposition leader Juan Guaido tried to bring into the country.",
    "Two trucks carrying aid were set on fire on the Francisco de Paula Santander bridge between Colombia and Venezuela on Saturday as troops loyal to Nicolas Maduro stopped the convoys.",
    "The opposition's effort to bring U.S.-backed aid into Venezuela from Cucuta stalled on Saturday when national guard troops blocked the border bridges, Colombian officials said.",
], [
    "Maduro announced that Venezuela was breaking relations with Colombia.",
    "Dozens of Venezuelan soldiers deserted and crossed into Colombia, migration officials said.",
    "Guaido appeared at a concert in Cucuta on Friday despite a travel ban.",
    "U.S. Secretary of State Mike Pompeo condemned the violence.",
])
story("turkey-coup-arrests", "2016-07-18T12:00:00Z", "ANKARA", [
    "Turkey detains thousands after failed coup",
    "Erdogan's government widens purge after coup attempt",
    "Turkey suspends 8,000 police officers in post-coup crackdown",
], [
    "Turkey suspended nearly 8,000 police officers and detained thousands of soldiers and judges on Monday as President Tayyip Erdogan pressed a crackdown after the failed coup.",
    "Turkish authorities widened a purge of the army, police and judiciary on Monday, detaining about 7,500 people after an attempted coup that killed more than 200 people.",
    "Turkish officials said on Monday that thousands of people had been detained since the weekend coup attempt, as Western allies urged Ankara to respect the rule of law.",
], [
    "Erdogan blamed U.S.-based cleric Fethullah Gulen for the coup attempt.",
    "Gulen denied any involvement.",
    "EU foreign ministers warned that reinstating the death penalty would end Turkey's membership bid.",
    "Prime Minister Binali Yildirim said 208 people were killed during the coup attempt.",
])
story("juba-ceasefire", "2016-07-11T19:00:00Z", "JUBA", [
    "South Sudan's Kiir orders cease-fire after days of fighting in Juba",
    "Cease-fire declared in South Sudan capital after hundreds killed",
    "Kiir and Machar call truce as Juba fighting kills hundreds",
], [
    "South Sudan's President Salva Kiir declared a cease-fire on Monday after four days of fighting in Juba between his troops and forces loyal to Vice President Riek Machar.",
    "A cease-fire ordered by Salva Kiir came into effect in Juba on Monday evening, after clashes between rival forces killed hundreds of people, officials said.",
    "Salva Kiir and Riek Machar ordered their forces to stop fighting on Monday, following days of battles in the South Sudanese capital Juba.",
], [
    "Thousands of civilians sheltered at U.N. bases.",
    "Two Chinese peacekeepers were killed in the fighting.",
    "The U.N. Security Council called for an end to the violence.",
    "Machar's spokesman said his forces would respect the truce.",
])
story("marawi-siege", "2017-05-24T12:00:00Z", "MARAWI", [
    "Duterte declares martial law as militants lay siege to Marawi",
    "Philippine troops battle Islamic State-linked gunmen in Marawi",
    "Marawi under siege as Maute militants burn buildings",
], [
    "Philippine President Rodrigo Duterte declared martial law on the southern island of Mindanao on Wednesday after Islamist militants seized parts of the city of Marawi.",
    "Militants linked to Islamic State battled Philippine troops in Marawi on Wednesday, burning a church and a school, after a raid to capture Isnilon Hapilon went wrong.",
    "Thousands of residents fled Marawi on Wednesday as the Philippine army fought Maute group gunmen who took over streets of the city, officials said.",
], [
    "Duterte cut short a visit to Moscow.",
    "The army said it was trying to capture Hapilon, the Islamic State leader in Southeast Asia.",
    "At least three soldiers and a police officer were killed.",
    "Defence Secretary Delfin Lorenzana said the militants had taken hostages.",
])
story("cairo-mass-sentence", "2018-09-08T12:00:00Z", "CAIRO", [
    "Egyptian court sentences 75 to death over 2013 sit-in",
    "Egypt sentences Muslim Brotherhood leaders to death in mass trial",
    "Mass trial ends with death sentences for Brotherhood figures in Cairo",
], [
    "An Egyptian court sentenced 75 people to death on Saturday, including senior Muslim Brotherhood leaders, over a 2013 sit-in in Cairo's Rabaa square.",
    "A Cairo criminal court handed down death sentences to 75 defendants on Saturday in a mass trial over the Rabaa al-Adawiya protest camp, judicial sources said.",
    "Egypt sentenced senior members of the Muslim Brotherhood to death on Saturday in a mass trial of more than 700 people, drawing condemnation from Amnesty International.",
], [
    "Brotherhood leader Mohamed Badie was sentenced to life in prison.",
    "Photojournalist Mahmoud Abu Zeid, known as Shawkan, was given five years.",
    "Amnesty International called the trial a disgrace.",
    "Hundreds of protesters were killed when security forces cleared the sit-in in 2013.",
])
story("mosul-offensive", "2016-10-17T10:00:00Z", "ERBIL", [
    "Iraq launches offensive to retake Mosul from Islamic State",
    "Iraqi and Kurdish forces advance on Mosul",
    "Battle for Mosul begins, Abadi announces",
], [
    "Iraqi Prime Minister Haider al-Abadi announced the start of the offensive to retake Mosul from Islamic State on Monday, as Iraqi troops and Kurdish Peshmerga advanced on the city.",
    "Iraqi forces and Kurdish fighters backed by U.S.-led air strikes launched a long-awaited assault on Mosul on Monday, Islamic State's last major stronghold in Iraq.",
    "The battle for Mosul began on Monday, with Kurdish Peshmerga fighters retaking villages east of the city and Iraqi troops moving from the south, officials said.",
], [
    "About 1.5 million people are believed to still live in Mosul.",
    "U.S. Defense Secretary Ashton Carter called it a decisive moment.",
    "Aid agencies warned that up to a million people could be displaced.",
    "The Peshmerga said they had taken nine villages on the first day.",
])
story("zimbabwe-army", "2017-11-15T08:00:00Z", "HARARE", [
    "Zimbabwe army takes control, says Mugabe is safe",
    "Military seizes power in Zimbabwe, denies coup",
    "Soldiers take over Zimbabwe state broadcaster, detain Mugabe",
], [
    "Zimbabwe's military took control of the country on Wednesday, saying it was targeting criminals around President Robert Mugabe, who it said was safe.",
    "Soldiers seized the headquarters of the state broadcaster ZBC in Harare early on Wednesday, and an army general said on television that the military was not staging a coup.",
    "Robert Mugabe was confined to his home in Harare on Wednesday after the army took over, South African President Jacob Zuma said after a phone call with him.",
], [
    "Armoured vehicles blocked roads to the main government offices.",
    "The move followed Mugabe's dismissal of Vice President Emmerson Mnangagwa.",
    "The African Union said the action looked like a coup.",
    "Grace Mugabe's whereabouts were not known.",
])
story("catalonia-referendum", "2017-10-01T20:00:00Z", "BARCELONA", [
    "Hundreds hurt as Spanish police try to stop Catalan vote",
    "Catalonia holds banned independence referendum amid police raids",
    "Police fire rubber bullets as Catalans vote on independence",
], [
    "Spanish police fired rubber bullets and used batons to stop people voting in Catalonia's banned independence referendum on Sunday, and the regional government said more than 800 people were hurt.",
    "Catalans voted in an independence referendum on Sunday that Madrid had declared illegal, as national police raided polling stations in Barcelona and other towns.",
    "Catalan leader Carles Puigdemont said the region had won the right to statehood after Sunday's referendum, which was marred by police violence.",
], [
    "Prime Minister Mariano Rajoy said no referendum had taken place.",
    "The Catalan government said 90 percent of voters backed independence, on a turnout of 42 percent.",
    "Police seized ballot boxes at several schools.",
    "The European Commission said it was an internal matter for Spain.",
])
story("colombia-farc-signing", "2016-09-26T23:00:00Z", "CARTAGENA", [
    "Colombia and FARC sign peace deal ending 52-year war",
    "Santos and Timochenko sign accord in Cartagena",
    "FARC rebels apologise as Colombia peace deal is signed",
], [
    "Colombian President Juan Manuel Santos and FARC leader Rodrigo Londono, known as Timochenko, signed a peace agreement in Cartagena on Monday to end more than five decades of war.",
    "Colombia's government and the FARC guerrillas signed a peace accord in Cartagena on Monday before world leaders, ending Latin America's longest conflict.",
    "The FARC leader asked forgiveness from victims on Monday as he and Juan Manuel Santos signed a deal in Cartagena ending 52 years of war.",
], [
    "The deal must still be approved in a referendum on Oct. 2.",
    "U.N. Secretary-General Ban Ki-moon attended the ceremony.",
    "The war killed more than 220,000 people.",
    "U.S. Secretary of State John Kerry said Washington would remove the FARC from its terrorism list.",
])
story("icc-ntaganda", "2019-11-07T10:00:00Z", "THE HAGUE", [
    "ICC sentences Congolese warlord Ntaganda to 30 years",
    "Bosco Ntaganda given longest ICC sentence for war crimes",
    "Ntaganda jailed for 30 years over atrocities in Congo",
], [
    "The International Criminal Court sentenced former Congolese rebel commander Bosco Ntaganda to 30 years in prison on Thursday for war crimes including murder, rape and sexual slavery.",
    "Judges at the International Criminal Court in The Hague gave Bosco Ntaganda 30 years on Thursday, the longest sentence in the court's history.",
    "Bosco Ntaganda, known as The Terminator, was sentenced by the ICC on Thursday to 30 years for crimes committed in Ituri province of the Democratic Republic of Congo.",
], [
    "Ntaganda was convicted in July on 18 counts.",
    "The crimes were committed in 2002 and 2003.",
    "He surrendered at the U.S. embassy in Rwanda in 2013.",
    "Human Rights Watch said the sentence sent a strong message.",
])
story("brexit-deal-dec-2017", "2017-12-08T08:00:00Z", "BRUSSELS", [
    "May and Juncker clinch deal to move Brexit talks forward",
    "EU and Britain reach breakthrough on Brexit divorce terms",
    "Brexit talks move to trade after May's dawn deal in Brussels",
], [
    "British Prime Minister Theresa May and European Commission President Jean-Claude Juncker reached a deal in Brussels on Friday on the terms of Britain's exit, opening the way to talks on trade.",
    "Theresa May flew to Brussels before dawn on Friday to seal an agreement with Jean-Claude Juncker on the Irish border, citizens' rights and the divorce bill.",
    "The European Commission said on Friday that sufficient progress had been made in Brexit negotiations after Theresa May and Jean-Claude Juncker agreed terms.",
], [
    "The deal avoids a hard border between Northern Ireland and Ireland.",
    "Britain will pay a financial settlement estimated at up to 39 billion pounds.",
    "EU citizens in Britain will keep their rights after Brexit.",
    "Irish Prime Minister Leo Varadkar welcomed the agreement.",
])
story("helsinki-summit", "2018-07-16T16:00:00Z", "HELSINKI", [
    "Trump sides with Putin on election meddling at Helsinki summit",
    "Trump and Putin hold first summit in Helsinki",
    "Putin denies interference as Trump questions U.S. intelligence",
], [
    "U.S. President Donald Trump declined to back U.S. intelligence findings that Russia meddled in the 2016 election, standing beside Vladimir Putin after their summit in Helsinki on Monday.",
    "Donald Trump and Vladimir Putin met for more than two hours in Helsinki on Monday, and at a joint news conference Trump said he saw no reason Russia would have interfered in the election.",
    "Vladimir Putin denied meddling in the U.S. election after his first summit with Donald Trump in Helsinki on Monday, and Trump said he believed the denial was strong.",
], [
    "Republican senator John McCain called it one of the most disgraceful performances by an American president.",
    "The leaders discussed Syria, Ukraine and nuclear arms control.",
    "Putin said he had wanted Trump to win the election.",
    "Director of National Intelligence Dan Coats defended the intelligence assessment.",
])
story("khashoggi-admission", "2018-10-20T02:00:00Z", "RIYADH", [
    "Saudi Arabia admits Khashoggi died in its Istanbul consulate",
    "Riyadh says journalist Khashoggi killed in fight at consulate",
    "Saudi Arabia fires officials over Khashoggi death",
], [
    "Saudi Arabia said on Saturday that journalist Jamal Khashoggi died in a fight inside its consulate in Istanbul, its first admission of his death after two weeks of denials.",
    "Saudi state media said on Saturday that Jamal Khashoggi was killed at the consulate in Istanbul and that 18 Saudi nationals had been arrested.",
    "King Salman fired deputy intelligence chief Ahmed al-Asiri and royal adviser Saud al-Qahtani on Saturday after Saudi Arabia acknowledged that Jamal Khashoggi had died in its Istanbul consulate.",
], [
    "Turkish officials say Khashoggi was killed by a team of Saudi agents.",
    "Khashoggi, a Washington Post columnist, entered the consulate on Oct. 2.",
    "President Trump said the Saudi explanation was credible.",
    "His body has not been found.",
])
story("sri-lanka-easter", "2019-04-21T12:00:00Z", "COLOMBO", [
    "Easter bombings at Sri Lankan churches and hotels kill scores",
    "Blasts tear through churches and hotels in Sri Lanka",
    "Sri Lanka imposes curfew after Easter Sunday attacks",
], [
    "Bombs tore through churches and luxury hotels in Sri Lanka on Easter Sunday, killing more than 200 people, police said, in the deadliest violence since the civil war ended.",
    "Coordinated explosions hit three churches and three hotels in Colombo, Negombo and Batticaloa on Sunday, killing scores of worshippers and foreign tourists.",
    "Sri Lanka's government imposed a curfew and blocked social media on Sunday after a series of bomb blasts at churches and hotels killed more than 200 people.",
], [
    "Police arrested 13 people.",
    "Prime Minister Ranil Wickremesinghe said the government had received warnings of the attacks.",
    "Pope Francis expressed his closeness to the victims.",
    "St Anthony's Shrine in Colombo was among the targets.",
])
story("christchurch", "2019-03-15T06:00:00Z", "CHRISTCHURCH", [
    "Gunman kills 49 at two mosques in Christchurch",
    "New Zealand's darkest day as mosque shootings kill dozens",
    "Ardern calls Christchurch mosque attacks terrorism",
], [
    "A gunman killed 49 people at two mosques in Christchurch, New Zealand, during Friday prayers, and Prime Minister Jacinda Ardern called it one of the country's darkest days.",
    "Forty-nine people were killed in shootings at the Al Noor mosque and the Linwood mosque in Christchurch on Friday, police said, and a man was charged with murder.",
    "Jacinda Ardern said on Friday that the attacks on two mosques in Christchurch, which killed 49 people, were a well-planned terrorist attack.",
], [
    "The gunman broadcast the attack live on Facebook.",
    "Police defused explosive devices found in a car.",
    "A 28-year-old Australian man was arrested.",
    "Ardern said gun laws would change.",
])
story("notre-dame-fire", "2019-04-15T20:00:00Z", "PARIS", [
    "Fire ravages Notre-Dame cathedral in Paris",
    "Notre-Dame spire collapses as blaze engulfs cathedral",
    "Macron vows to rebuild Notre-Dame after fire",
], [
    "A huge fire swept through Notre-Dame cathedral in Paris on Monday, destroying its spire and much of its roof, as crowds watched in shock from the banks of the Seine.",
    "The spire of Notre-Dame de Paris collapsed on Monday evening as flames engulfed the roof of the cathedral, one of the most visited monuments in Europe.",
    "President Emmanuel Macron said on Monday that Notre-Dame would be rebuilt, as firefighters battled a blaze that destroyed the cathedral's roof.",
], [
    "The fire broke out shortly before 7 p.m. during renovation work.",
    "Firefighters saved the two bell towers.",
    "Paris prosecutors opened an investigation and said the fire appeared accidental.",
    "Relics including the Crown of Thorns were rescued.",
])
story("iran-deal-exit", "2018-05-08T19:00:00Z", "WASHINGTON", [
    "Trump pulls U.S. out of Iran nuclear deal",
    "U.S. quits Iran accord and reimposes sanctions",
    "Europe dismayed as Trump abandons Iran nuclear agreement",
], [
    "President Donald Trump said on Tuesday the United States was withdrawing from the 2015 nuclear agreement with Iran and would reimpose sanctions.",
    "The United States pulled out of the Iran nuclear deal on Tuesday, with Donald Trump calling it a horrible one-sided deal, and Britain, France and Germany said they regretted the decision.",
    "Iran's President Hassan Rouhani said on Tuesday that Tehran would remain in the nuclear accord with the other powers after Donald Trump announced the U.S. withdrawal.",
], [
    "The deal lifted sanctions in exchange for limits on Iran's nuclear programme.",
    "National security adviser John Bolton said sanctions would take effect within 180 days.",
    "Israeli Prime Minister Benjamin Netanyahu praised the decision.",
    "Oil prices rose after the announcement.",
])
story("panmunjom-summit", "2018-04-27T10:00:00Z", "PANMUNJOM", [
    "Kim Jong Un crosses border to meet Moon Jae-in",
    "Korean leaders pledge end to war at Panmunjom summit",
    "Moon and Kim agree to work for peace and denuclearisation",
], [
    "North Korean leader Kim Jong Un stepped across the border at Panmunjom on Friday to meet South Korean President Moon Jae-in, the first North Korean leader to set foot in the South since the war.",
    "Moon Jae-in and Kim Jong Un agreed at Panmunjom on Friday to work for the complete denuclearisation of the Korean peninsula and a formal end to the Korean War this year.",
    "The leaders of North and South Korea embraced at the border village of Panmunjom on Friday after signing a declaration to pursue peace.",
], [
    "The two leaders planted a pine tree together.",
    "Moon will visit Pyongyang in the autumn.",
    "The Korean War ended in 1953 with an armistice, not a peace treaty.",
    "Japan said it hoped the summit would lead to concrete action.",
])
story("grenfell", "2017-06-14T09:00:00Z", "LONDON", [
    "Fire engulfs London tower block, killing at least six",
    "Grenfell Tower blaze: residents trapped as flames spread",
    "Dozens in hospital after fire sweeps through Grenfell Tower",
], [
    "A fire engulfed the 24-storey Grenfell Tower in west London early on Wednesday, killing at least six people, and police said the toll was expected to rise.",
    "Flames raced up Grenfell Tower in north Kensington overnight, trapping residents, and London Fire Brigade said 200 firefighters fought the blaze.",
    "At least six people died when fire swept through Grenfell Tower in London on Wednesday, and 74 were taken to hospital, police and the ambulance service said.",
], [
    "Residents said they had warned about fire safety in the building.",
    "Prime Minister Theresa May ordered an investigation.",
    "The fire started on the fourth floor shortly before 1 a.m.",
    "London Mayor Sadiq Khan said questions had to be answered.",
])
story("crimea-annexation-treaty", "2014-03-18T14:00:00Z", "MOSCOW", [
    "Putin signs treaty making Crimea part of Russia",
    "Russia absorbs Crimea as West condemns land grab",
    "Putin defends Crimea move in Kremlin speech",
], [
    "Russian President Vladimir Putin signed a treaty on Tuesday to make Crimea part of Russia, defying Western sanctions and telling parliament the peninsula had always been Russian.",
    "Vladimir Putin told both houses of the Russian parliament in the Kremlin on Tuesday that Crimea had returned to Russia, and signed a treaty with the region's leaders.",
    "Russia moved on Tuesday to absorb Crimea from Ukraine, with Vladimir Putin signing a treaty at the Kremlin two days after a referendum the West called illegal.",
], [
    "U.S. Vice President Joe Biden said the move was a land grab.",
    "Ukraine's government said the conflict had entered a military stage after a soldier was killed in Simferopol.",
    "The treaty must be ratified by the Russian parliament.",
    "Putin said Russia did not want to divide Ukraine.",
])
story("bolsonaro-elected", "2018-10-28T23:00:00Z", "RIO DE JANEIRO", [
    "Far-right Bolsonaro wins Brazil presidency",
    "Brazil elects Jair Bolsonaro in runoff",
    "Bolsonaro defeats Haddad to become Brazil's president",
], [
    "Far-right congressman Jair Bolsonaro won Brazil's presidential election on Sunday, defeating Workers' Party candidate Fernando Haddad with 55 percent of the vote.",
    "Jair Bolsonaro was elected president of Brazil on Sunday, the electoral court said, after a divisive campaign dominated by anger over crime and corruption.",
    "Brazilians elected Jair Bolsonaro as president in a runoff on Sunday, and the former army captain promised to defend the constitution.",
], [
    "Haddad won 45 percent of the vote.",
    "Bolsonaro was stabbed during a campaign rally in September.",
    "He takes office on Jan. 1.",
    "Supporters celebrated outside his home in Rio de Janeiro.",
])
story("hong-kong-extradition-march", "2019-06-09T14:00:00Z", "HONG KONG", [
    "Hundreds of thousands march in Hong Kong against extradition bill",
    "Hong Kong protest against China extradition law draws huge crowd",
    "Clashes after mass march against Hong Kong extradition plan",
], [
    "Hundreds of thousands of people marched through Hong Kong on Sunday to oppose a bill that would allow extraditions to mainland China, the largest protest in the city in years.",
    "Organisers said more than a million people joined a march in Hong Kong on Sunday against Carrie Lam's extradition bill, while police put the crowd at 240,000.",
    "Police clashed with protesters outside Hong Kong's legislature early on Monday after a huge march on Sunday against the government's plan to allow extraditions to China.",
], [
    "Chief Executive Carrie Lam said the bill would go ahead.",
    "Critics say the law would expose people to unfair trials in China.",
    "The bill is due for a second reading on Wednesday.",
    "Police used pepper spray and batons against protesters who stayed behind.",
])
story("abe-trump-golf", "2017-02-11T08:00:00Z", "PALM BEACH", [
    "Trump and Abe play golf in Florida after White House talks",
    "Abe and Trump pledge strong alliance at Mar-a-Lago",
    "Japanese premier Abe spends weekend with Trump in Florida",
], [
    "U.S. President Donald Trump and Japanese Prime Minister Shinzo Abe played golf in Florida on Saturday after pledging at the White House to deepen the alliance between their countries.",
    "Shinzo Abe and Donald Trump spent Saturday on the golf course near Mar-a-Lago in Palm Beach, a day after talks in Washington on trade and security.",
    "Donald Trump hosted Japan's Shinzo Abe at his Mar-a-Lago resort in Florida on Saturday, and the two leaders played 27 holes of golf.",
], [
    "Trump reaffirmed the U.S. commitment to defend Japan, including the Senkaku islands.",
    "The leaders agreed to start an economic dialogue led by Vice President Mike Pence.",
    "Abe said golf allowed them to speak frankly.",
    "Trump had criticised Japan's trade surplus during the campaign.",
])
story("abe-north-korea-missile-response", "2017-02-12T01:00:00Z", "PALM BEACH", [
    "Trump and Abe condemn North Korean missile launch",
    "North Korea fires ballistic missile as Abe visits Trump",
    "Abe calls North Korean missile test intolerable, Trump backs Japan",
], [
    "Japanese Prime Minister Shinzo Abe and U.S. President Donald Trump condemned North Korea's ballistic missile launch on Saturday evening in a hastily arranged news conference at Mar-a-Lago.",
    "North Korea fired a ballistic missile into the sea on Sunday morning Korean time, and Shinzo Abe, standing beside Donald Trump in Florida, called it absolutely intolerable.",
    "Donald Trump said the United States stood behind Japan 100 percent after North Korea test-fired a ballistic missile while Shinzo Abe was visiting him in Florida.",
], [
    "The missile flew about 500 km before falling into the Sea of Japan, South Korea's military said.",
    "It was the first launch since Trump took office.",
    "The U.N. Security Council scheduled consultations on the launch.",
    "South Korea said the launch was meant to test the new U.S. administration.",
], pair=9)
S[-2]["pair"] = 9

# -- pair 10: Lula, 24 January 2018: the appeals court's ruling, and his rally that evening
story("lula-appeal-ruling", "2018-01-24T18:00:00Z", "PORTO ALEGRE", [
    "Brazil appeals court upholds Lula corruption conviction",
    "Judges in Porto Alegre confirm Lula's graft sentence, raise it to 12 years",
    "Lula loses appeal, presidential bid in doubt",
], [
    "Three appeals judges in Porto Alegre unanimously upheld the corruption conviction of former Brazilian President Luiz Inacio Lula da Silva on Wednesday and lengthened his prison term to 12 years and one month.",
    "A federal appeals court in southern Brazil confirmed on Wednesday that Luiz Inacio Lula da Silva took a seaside apartment as a bribe, dealing a heavy blow to the former president's hopes of running again in October.",
    "Luiz Inacio Lula da Silva lost his appeal against a money-laundering and corruption verdict on Wednesday, when the TRF-4 court voted 3-0 against him and increased the sentence handed down by Judge Sergio Moro.",
], [
    "The case concerns a triplex apartment in the resort town of Guaruja that prosecutors say the OAS construction firm gave Lula.",
    "Under Brazil's clean-record law, a candidate whose conviction is upheld on appeal can be barred from the ballot.",
    "His lawyers said they would take the case to higher courts in Brasilia.",
    "The judges rejected the defence's argument that no document tied Lula to the flat.",
    "The real rose and Sao Paulo shares gained more than 3 percent as investors read the ruling.",
], pair=10)
story("lula-sao-paulo-rally", "2018-01-24T23:00:00Z", "SAO PAULO", [
    "Defiant Lula tells Sao Paulo rally he will keep running",
    "Thousands of Workers' Party supporters rally for Lula in Sao Paulo",
    "Lula rallies backers hours after court setback",
], [
    "Thousands of supporters of Luiz Inacio Lula da Silva packed a square in central Sao Paulo on Wednesday evening, where the former president told them he would remain a candidate for the Workers' Party.",
    "Luiz Inacio Lula da Silva climbed onto a sound truck in Sao Paulo on Wednesday night and told a crowd of red-clad backers that only the voters could stop him from returning to power.",
    "Waving flags of the Workers' Party, a crowd gathered at Praca da Republica in Sao Paulo on Wednesday to cheer Luiz Inacio Lula da Silva, who vowed to fight on.",
], [
    "Party chair Gleisi Hoffmann said the party would register Lula as its candidate in August.",
    "Police estimated the crowd at several thousand; organisers said it was far larger.",
    "The rally ended peacefully shortly before midnight.",
    "Supporters chanted that an election without Lula would be a fraud.",
    "Lula, 72, leads opinion polls for the October vote.",
], pair=10)

# -- pair 11: Navalny, 26-27 March 2017: the protests and his arrest, then his jail sentence
story("navalny-protests-arrest", "2017-03-26T15:00:00Z", "MOSCOW", [
    "Navalny detained as anti-corruption protests sweep Russia",
    "Police arrest hundreds in Moscow, including opposition leader Navalny",
    "Thousands rally across Russia against Medvedev; Navalny held",
], [
    "Russian police detained opposition leader Alexei Navalny on Sunday as he walked to join thousands of people protesting against corruption on Moscow's Tverskaya Street.",
    "Tens of thousands of Russians took to the streets of dozens of cities on Sunday in protests called by Alexei Navalny, who was seized by riot police in central Moscow minutes after arriving.",
    "Alexei Navalny was bundled into a police van in Moscow on Sunday during the biggest anti-government demonstrations Russia has seen in five years, called over a report on Prime Minister Dmitry Medvedev's wealth.",
], [
    "A human rights group said more than 500 people were detained in Moscow alone.",
    "The protests were called after Navalny's foundation published a film alleging Medvedev controlled a property empire.",
    "Medvedev's spokeswoman dismissed the film as propaganda.",
    "Protesters also marched in Vladivostok, Novosibirsk and St Petersburg.",
], pair=11)
story("navalny-jail-sentence", "2017-03-27T12:00:00Z", "MOSCOW", [
    "Russian court jails Navalny for 15 days after protests",
    "Navalny sentenced to 15 days and fined over Moscow rally",
    "Judge gives Kremlin critic Navalny two weeks in jail",
], [
    "A Moscow court on Monday sentenced Alexei Navalny to 15 days in jail for resisting police orders, a day after he was detained at an unauthorised rally.",
    "Alexei Navalny was ordered jailed for 15 days by a judge in Moscow on Monday and fined 20,000 roubles for organising an illegal protest.",
    "Opposition politician Alexei Navalny must spend 15 days behind bars, the Tverskoy district court in Moscow ruled on Monday.",
], [
    "Navalny posted a selfie from the courtroom and told supporters that the time would come when the authorities would be tried.",
    "The Kremlin said the protests had been a provocation.",
    "The European Union called for the release of those detained.",
    "Navalny plans to run for president in 2018.",
], pair=11)

# -- pair 12: Kabul, 27 and 29 January 2018: two separate attacks in the same city
story("kabul-ambulance-bomb", "2018-01-27T09:00:00Z", "KABUL", [
    "Taliban ambulance bomb kills scores in central Kabul",
    "Explosives-packed ambulance blows up near Kabul police checkpoint",
    "Kabul suicide bombing in ambulance kills more than 95",
], [
    "A suicide bomber drove an ambulance packed with explosives past a police checkpoint in central Kabul on Saturday and detonated it on a crowded street, killing more than 95 people.",
    "At least 95 people died and 158 were wounded in Kabul on Saturday when an ambulance loaded with explosives blew up near the old Interior Ministry building, Afghan officials said.",
    "The Taliban claimed a bombing in Kabul on Saturday in which an attacker used an ambulance to get through security and set off a huge blast in a busy district, killing dozens of civilians.",
], [
    "The blast struck near a hospital and several embassies.",
    "Officials said the attacker told police at the checkpoint he was carrying a patient to Jamhuriat hospital.",
    "President Ashraf Ghani called the attack a crime against humanity.",
    "It was the second major attack in the capital in a week, after the siege of the Intercontinental hotel.",
], pair=12)
story("kabul-military-academy-attack", "2018-01-29T03:00:00Z", "KABUL", [
    "Gunmen attack Kabul military academy, kill 11 soldiers",
    "Islamic State claims assault on army academy in Afghan capital",
    "Five attackers strike military base in Kabul before dawn",
], [
    "Five gunmen attacked the Marshal Fahim military academy on the outskirts of Kabul before dawn on Monday, killing 11 soldiers before four of them were killed and one captured, the Defence Ministry said.",
    "Islamic State claimed an attack on a military academy in Kabul on Monday in which 11 Afghan soldiers died and 16 were wounded in a gunfight that lasted several hours.",
    "Afghan troops fought off militants armed with rifles and a rocket launcher who stormed an army university in western Kabul early on Monday, losing 11 soldiers.",
], [
    "Two of the attackers blew themselves up, a ministry spokesman said.",
    "The academy trains officers for the Afghan National Army.",
    "Residents reported explosions and gunfire from around 5 a.m.",
    "NATO officers also work at the academy, but none were hurt.",
], pair=12)

# -- pair 13: Mogadishu, 14 October 2017: two separate bombs in the same city on one day
story("mogadishu-truck-bomb", "2017-10-14T12:00:00Z", "MOGADISHU", [
    "Truck bomb at busy Mogadishu junction kills scores",
    "Massive blast rips through central Mogadishu",
    "Somalia's deadliest bombing levels Mogadishu intersection",
], [
    "A truck packed with explosives blew up at the crowded K5 junction in Mogadishu on Saturday, killing scores of people and setting fire to buildings and minibuses, police said.",
    "Scores of people died in Mogadishu on Saturday when a lorry bomb exploded outside a hotel at a busy intersection in the Hodan district, the deadliest attack in Somalia in years.",
    "Somali officials said a bomb hidden in a truck detonated at the K5 intersection in the capital Mogadishu on Saturday afternoon, killing scores and trapping others in rubble.",
], [
    "The government blamed al Shabaab, which did not immediately claim the attack.",
    "President Mohamed Abdullahi Mohamed declared three days of mourning and called for blood donations.",
    "Hospitals were overwhelmed and the death toll was expected to rise.",
    "The Safari hotel near the junction collapsed.",
    "Turkey sent a military plane to evacuate some of the injured.",
], pair=13)
story("mogadishu-madina-car-bomb", "2017-10-14T14:00:00Z", "MOGADISHU", [
    "Second car bomb explodes in Mogadishu's Madina district",
    "Another blast hits Mogadishu hours later, two dead",
    "Car bomb in Madina adds to Mogadishu's day of violence",
], [
    "A second car bomb went off in the Madina district of Mogadishu on Saturday, killing two people, police said, hours after a far larger blast in the centre of the Somali capital.",
    "Police in Mogadishu said two people died on Saturday when a car rigged with explosives blew up in the city's Madina neighbourhood, near the old port road.",
    "Two people were killed when an explosives-laden car detonated in Madina, in the south of Mogadishu, on Saturday, a police officer said.",
], [
    "Police said the car had been stopped at a checkpoint before it exploded.",
    "Nobody claimed the second bombing.",
    "The road was closed and soldiers searched nearby houses.",
    "A police officer said the driver was arrested before the blast.",
], pair=13)

# -- pair 14: Hong Kong, 9-10 June 2019: the march against the extradition bill (above), then
# Carrie Lam's refusal to drop it
story("carrie-lam-bill-proceeds", "2019-06-10T03:00:00Z", "HONG KONG", [
    "Carrie Lam vows to press ahead with extradition bill",
    "Hong Kong leader refuses to shelve China extradition law",
    "Lam says debate on extradition bill will resume on Wednesday",
], [
    "Hong Kong Chief Executive Carrie Lam said on Monday her government would go ahead with the extradition bill, with the second reading in the Legislative Council on Wednesday as planned.",
    "Carrie Lam refused on Monday to withdraw legislation allowing extraditions to mainland China, telling a news conference that her administration had listened and would add safeguards.",
    "Hong Kong's leader rejected calls on Monday to scrap the extradition bill, saying it was needed to close a legal loophole and that she had no instructions from Beijing.",
], [
    "Lam said the bill was prompted by a murder case in Taiwan.",
    "Pro-democracy lawmakers called on her to resign.",
    "Lam said the government had already amended the bill twice.",
    "Student groups called for a strike on Wednesday.",
], pair=14)
next(s for s in S if s["key"] == "hong-kong-extradition-march")["pair"] = 14
