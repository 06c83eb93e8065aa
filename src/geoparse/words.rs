//! Word lists the recogniser uses. All entries are folded (see [`crate::text::fold_name`]).

/// Capitalised words that are names of some small place somewhere but, in English news,
/// almost always something else: function words, calendar words, titles, common nouns.
pub const COMMON_WORDS: &[&str] = &[
    // function words and pronouns
    "a", "about", "above", "after", "again", "against", "all", "also", "although", "an", "and",
    "another", "any", "are", "as", "at", "be", "because", "been", "before", "being", "between",
    "both", "but", "by", "can", "could", "did", "do", "does", "during", "each", "either", "even",
    "ever", "every", "few", "for", "from", "had", "has", "have", "he", "her", "here", "his",
    "how", "however", "i", "if", "in", "into", "is", "it", "its", "just", "last", "many", "may",
    "more", "most", "much", "must", "my", "neither", "never", "new", "next", "no", "nor", "not",
    "now", "of", "off", "on", "once", "one", "only", "or", "other", "our", "out", "over", "own",
    "same", "she", "should", "since", "so", "some", "still", "such", "than", "that", "the",
    "their", "them", "then", "there", "these", "they", "this", "those", "though", "through",
    "thus", "to", "too", "under", "until", "up", "upon", "us", "very", "was", "we", "were",
    "what", "when", "where", "whether", "which", "while", "who", "whom", "whose", "why", "will",
    "with", "within", "without", "would", "yet", "you", "your", "yes", "well", "mr", "mrs", "ms",
    "dr", "via", "per", "amid", "among", "despite", "like", "unlike", "near", "around",
    // calendar
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "june", "july", "august", "september", "october", "november",
    "december", "today", "tomorrow", "yesterday", "christmas", "easter", "spring", "summer",
    "autumn", "fall", "winter",
    // titles and roles
    "president", "prime", "minister", "governor", "mayor", "senator", "general", "colonel",
    "captain", "sergeant", "officer", "deputy", "sheriff", "chief", "commander", "judge",
    "police", "army", "navy", "king", "queen", "prince", "princess", "lord", "lady", "sir",
    "pope", "bishop", "father", "mother", "saint", "doctor", "professor", "director",
    "secretary", "chairman", "speaker", "spokesman", "spokeswoman", "coach", "agent",
    // common nouns and adjectives that are also village names
    "office", "department", "ministry", "council", "court", "church", "school", "college",
    "university", "hospital", "center", "centre", "park", "street", "road", "avenue", "bridge",
    "hall", "house", "home", "library", "museum", "market", "station", "airport", "port",
    "bay", "beach", "lake", "river", "mountain", "valley", "island", "forest", "garden", "farm",
    "mill", "star", "sun", "moon", "hope", "faith", "liberty", "freedom", "independence",
    "union", "unity", "victory", "peace", "justice", "harmony", "friendship", "progress",
    "success", "welcome", "paradise", "eden", "glory", "power", "energy", "industry", "commerce",
    "enterprise", "prosperity", "trade", "best", "good", "great", "big", "little", "long",
    "short", "high", "low", "old", "young", "early", "late", "first", "second", "third",
    "north", "south", "east", "west", "central", "middle", "upper", "lower", "western",
    "eastern", "northern", "southern", "red", "white", "black", "blue", "green", "brown",
    "gold", "silver", "iron", "stone", "rock", "sand", "snow", "rain", "wind", "fire", "water",
    "ice", "salt", "oil", "gas", "coal", "money", "bank", "post", "mail", "news", "press",
    "media", "times", "daily", "world", "state", "nation", "city", "town", "village", "county",
    "region", "republic", "kingdom", "empire", "federation", "party", "government", "people",
    "man", "woman", "men", "women", "child", "children", "boy", "girl", "family", "friend",
    "friends", "god", "christ", "jesus", "love", "life", "death", "war", "battle", "guard",
    "reserve", "service", "security", "defense", "defence", "force", "forces", "troops",
    "national", "international", "federal", "royal", "public", "social", "democratic",
    "republican", "independent", "liberal", "conservative", "labour", "labor", "green",
    "association", "club", "team", "league", "cup", "game", "games", "olympic", "open",
    "company", "group", "media", "network", "online", "internet", "web", "email", "phone",
    "mobile", "video", "photo", "image", "story", "report", "reports", "update", "breaking",
    "live", "watch", "read", "more", "share", "comment", "comments", "follow", "subscribe",
    "said", "says", "told", "according", "after", "before", "during", "while", "under",
    "premier", "ambassador", "emperor", "marshal", "admiral", "major", "lieutenant", "private",
    "corporal", "trooper", "detective", "inspector", "constable", "attorney", "lawyer", "dean",
    "mission", "camp", "fort", "base", "zone", "area", "district", "province", "territory",
    "plain", "plains", "springs", "falls", "heights", "hills", "view", "point", "grove",
    "ridge", "harbor", "harbour", "haven", "glen", "wood", "woods", "field", "fields",
    "mount", "cross", "corner", "corners", "crossing", "junction", "landing", "ferry", "gap",
    "pass", "lane", "way", "place", "square", "plaza", "court", "terrace", "gate", "tower",
    "castle", "palace", "temple", "abbey", "chapel", "cathedral", "mosque", "synagogue",
    "health", "care", "medical", "clinic", "emergency", "rescue", "relief", "aid",
    "american", "british", "english", "french", "german", "russian", "ukrainian", "chinese",
    "african", "european", "asian", "arab", "jewish", "christian", "muslim", "catholic",
    "orthodox", "protestant", "baptist", "methodist", "lutheran", "islamic", "soviet",
    "western", "allied", "coalition", "alliance", "nato", "un", "eu", "ok", "tv", "ap",
    "reuters", "afp", "cnn", "bbc", "abc", "cbs", "nbc", "fox", "ceo", "cia", "fbi", "kgb",
    "fsb", "sbu", "dod", "nasa", "gop", "usa today", "message", "dear", "thank", "thanks",
    "please", "remind", "sorry", "hello", "hi", "note", "editor", "editors", "author",
    "photograph", "getty", "images", "handout", "source", "sources", "officials", "official",
    "authorities", "residents", "citizens", "soldiers", "police", "staff", "rep", "sen", "gov",
    "gen", "lt", "col", "sgt", "capt", "st", "mt", "jr", "sr", "inc", "co", "corp", "ltd",
];

/// Words that, right before a name, make it a person's name.
pub const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "president",
    "vice", "premier", "chancellor", "minister", "secretary", "senator", "sen", "rep",
    "representative", "congressman", "congresswoman", "governor", "gov", "mayor", "judge",
    "justice", "general", "gen", "colonel", "col", "lieutenant", "lt", "major", "maj", "captain",
    "capt", "sergeant", "sgt", "corporal", "cpl", "private", "pvt", "admiral", "adm",
    "commander", "cmdr", "marshal", "officer", "detective", "det", "deputy", "sheriff", "chief",
    "king", "queen", "prince", "princess", "emperor", "pope", "cardinal", "bishop", "archbishop",
    "rabbi", "imam", "father", "fr", "rev", "reverend", "pastor", "brother", "sister", "saint",
    "coach", "ambassador", "spokesman", "spokeswoman", "spokesperson", "patriarch", "ayatollah",
    "sheikh", "sultan", "emir", "tsar", "czar", "count", "countess", "duke", "duchess", "baron",
    "actor", "actress", "singer", "rapper", "player", "striker", "defender", "goalkeeper",
    "quarterback", "pitcher", "forward", "guard", "center", "chairman", "chairwoman", "ceo",
    "founder", "director", "producer", "author", "writer", "poet", "artist", "composer",
];

/// Capitalised words that may stand right before a place name without making it a person:
/// "Eastern Ukraine", "Greater London", "Northern Kharkiv".
pub const PLACE_MODIFIERS: &[&str] = &[
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "northeastern", "northwestern", "southeastern", "southwestern", "north east", "greater",
    "upper", "lower", "inner", "outer", "downtown", "suburban", "rural", "occupied", "liberated",
    "annexed", "in", "at", "from", "to", "near", "across", "outside", "inside", "around", "of",
    "for", "and", "or", "the", "by", "with", "on", "into", "toward", "towards", "via", "both",
    "while", "when", "as", "but", "after", "before", "since", "where", "like", "all", "a", "an",
    "not",
];

/// Generic words that follow a name to make it a first-level region: "the Kursk region",
/// "Donetsk Oblast".
pub const REGION_WORDS: &[&str] = &[
    "region", "oblast", "province", "governorate", "krai", "kray", "state", "prefecture",
    "voivodeship", "canton", "emirate",
];

/// Plurals of [`REGION_WORDS`]: "the Donetsk and Luhansk regions".
pub const REGION_WORDS_PLURAL: &[&str] = &[
    "regions", "oblasts", "provinces", "governorates", "krais", "states", "prefectures",
];

/// Generic words that follow a name to make it a populated place: "Kursk city".
pub const CITY_WORDS: &[&str] = &["city", "town", "village", "settlement"];

/// Lower-case words that may join the words of one name: "Isle of Man", "Rostov-on-Don".
pub const CONNECTORS: &[&str] = &[
    "of", "and", "the", "de", "du", "des", "la", "le", "les", "del", "della", "di", "da", "do",
    "dos", "das", "on", "upon", "am", "an", "der", "na", "nad", "y", "e", "sur", "en", "al",
    "el", "bin", "van", "von", "aan", "under",
];
