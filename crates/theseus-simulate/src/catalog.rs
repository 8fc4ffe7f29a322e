//! Static reference data: places, names, merchants. All invented or generic; the chains that appear on
//! everyday card slips (supermarkets, fuel) are named as card descriptors show them, while every merchant the
//! operation uses (hotels, ad site, ride app, car dealer) is fictitious.

use crate::calendar::Zone;

/// A place where things happen.
#[derive(Debug)]
pub(crate) struct City {
    /// Name as written on statements.
    pub name: &'static str,
    /// Its time zone.
    pub zone: Zone,
    /// ISO 3166-1 alpha-2.
    pub country: &'static str,
    /// Postcode of its centre.
    pub postcode: &'static str,
    /// Nordbank's first branch number there, if Nordbank has branches in the city.
    pub branch: Option<u32>,
}

const fn de(name: &'static str, postcode: &'static str, branch: Option<u32>) -> City {
    City { name, zone: Zone::Berlin, country: "DE", postcode, branch }
}
const fn uk(name: &'static str, postcode: &'static str) -> City {
    City { name, zone: Zone::London, country: "GB", postcode, branch: None }
}

pub(crate) static HAMBURG: City = de("Hamburg", "20099", Some(401));
pub(crate) static BREMEN: City = de("Bremen", "28195", Some(421));
pub(crate) static HANNOVER: City = de("Hannover", "30159", Some(511));
pub(crate) static KIEL: City = de("Kiel", "24103", Some(431));
pub(crate) static LUEBECK: City = de("Lübeck", "23552", Some(451));
pub(crate) static BERLIN: City = de("Berlin", "10115", Some(301));
pub(crate) static ROSTOCK: City = de("Rostock", "18055", Some(381));
pub(crate) static OSNABRUECK: City = de("Osnabrück", "49074", Some(541));
pub(crate) static KOELN: City = de("Köln", "50667", None);
pub(crate) static DORTMUND: City = de("Dortmund", "44135", None);
pub(crate) static FRANKFURT: City = de("Frankfurt am Main", "60311", None);
pub(crate) static MUENCHEN: City = de("München", "80331", None);
/// Where the ad site is registered; card payments to it carry this location. Malta keeps Central European
/// time, like Germany.
pub(crate) static VALLETTA: City =
    City { name: "Valletta", zone: Zone::Berlin, country: "MT", postcode: "VLT 1010", branch: None };

const fn at(name: &'static str, postcode: &'static str, branch: Option<u32>) -> City {
    City { name, zone: Zone::Vienna, country: "AT", postcode, branch }
}

pub(crate) static WIEN: City = at("Wien", "1020", Some(101));
pub(crate) static GRAZ: City = at("Graz", "8020", Some(201));
pub(crate) static LINZ: City = at("Linz", "4020", Some(301));
pub(crate) static SALZBURG: City = at("Salzburg", "5020", Some(401));
pub(crate) static INNSBRUCK: City = at("Innsbruck", "6020", Some(501));
pub(crate) static KLAGENFURT: City = at("Klagenfurt", "9020", None);
pub(crate) static ST_POELTEN: City = at("St. Pölten", "3100", Some(601));

pub(crate) static LONDON: City = uk("London", "E8 3RL");
pub(crate) static MANCHESTER: City = uk("Manchester", "M14 5TQ");
pub(crate) static BIRMINGHAM: City = uk("Birmingham", "B12 9QH");
pub(crate) static LEEDS: City = uk("Leeds", "LS6 2AB");
pub(crate) static BRISTOL: City = uk("Bristol", "BS5 6JQ");
pub(crate) static LIVERPOOL: City = uk("Liverpool", "L8 1TE");

/// Where Nordbank customers live (Nordbank is a northern German bank).
pub(crate) static NORD_HOMES: [&City; 6] = [&HAMBURG, &HAMBURG, &HAMBURG, &BREMEN, &KIEL, &LUEBECK];
/// Where Danube Savings customers live.
pub(crate) static AT_HOMES: [&City; 7] = [&WIEN, &WIEN, &WIEN, &GRAZ, &LINZ, &SALZBURG, &INNSBRUCK];
/// Where Harbour Bank's UK customers live.
pub(crate) static UK_HOMES: [&City; 6] = [&LONDON, &LONDON, &MANCHESTER, &BIRMINGHAM, &LEEDS, &BRISTOL];

pub(crate) static DE_STREETS: [&str; 24] = [
    "Lindenstraße",
    "Bahnhofstraße",
    "Schillerstraße",
    "Goethestraße",
    "Am Markt",
    "Gartenweg",
    "Mühlenweg",
    "Kirchenallee",
    "Eppendorfer Weg",
    "Wandsbeker Chaussee",
    "Osterstraße",
    "Hafenstraße",
    "Rosenweg",
    "Friedrichstraße",
    "Holstenstraße",
    "Bergstraße",
    "Ahornweg",
    "Birkenallee",
    "Parkstraße",
    "Uhlandstraße",
    "Schulstraße",
    "Dorfstraße",
    "Feldstraße",
    "Waldweg",
];
pub(crate) static AT_STREETS: [&str; 16] = [
    "Hauptstraße",
    "Mariahilfer Straße",
    "Praterstraße",
    "Schulgasse",
    "Kirchengasse",
    "Lindengasse",
    "Landstraßer Hauptstraße",
    "Herrengasse",
    "Annenstraße",
    "Mozartstraße",
    "Linzer Straße",
    "Wiener Straße",
    "Bahnhofstraße",
    "Feldgasse",
    "Am Graben",
    "Wagramer Straße",
];
pub(crate) static UK_STREETS: [&str; 16] = [
    "High Street",
    "Station Road",
    "Church Lane",
    "Victoria Road",
    "Mill Lane",
    "Park Avenue",
    "Queen's Road",
    "Grove Street",
    "Albert Terrace",
    "Canal Walk",
    "Elm Close",
    "Manor Way",
    "King Street",
    "Green Lane",
    "Springfield Road",
    "Windsor Avenue",
];

/// First names by origin: (female, male).
pub(crate) static DE_FIRST: (&[&str], &[&str]) = (
    &[
        "Anna",
        "Julia",
        "Katrin",
        "Sabine",
        "Laura",
        "Lena",
        "Miriam",
        "Petra",
        "Jana",
        "Sophie",
        "Claudia",
        "Nicole",
        "Maren",
        "Insa",
        "Frauke",
        "Jördis",
        "Stefanie",
        "Melanie",
        "Sandra",
        "Andrea",
        "Birgit",
        "Monika",
        "Ursula",
        "Christina",
        "Lisa",
        "Hannah",
        "Lea",
        "Marie",
        "Johanna",
        "Franziska",
        "Carina",
        "Tanja",
        "Silke",
        "Heike",
        "Kerstin",
        "Susanne",
        "Daniela",
        "Nadine",
        "Vanessa",
        "Svenja",
    ],
    &[
        "Thomas",
        "Michael",
        "Jan",
        "Lukas",
        "Stefan",
        "Jörg",
        "Björn",
        "Sebastian",
        "Tobias",
        "Matthias",
        "Frank",
        "Dirk",
        "Sören",
        "Niklas",
        "Felix",
        "Hauke",
        "Andreas",
        "Martin",
        "Peter",
        "Klaus",
        "Wolfgang",
        "Jürgen",
        "Uwe",
        "Bernd",
        "Christian",
        "Daniel",
        "Florian",
        "Philipp",
        "Jonas",
        "Leon",
        "Paul",
        "Moritz",
        "Tim",
        "Marcel",
        "Dennis",
        "Kai",
        "Holger",
        "Rainer",
        "Volker",
        "Henrik",
    ],
);
pub(crate) static DE_LAST: &[&str] = &[
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Bauer",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Hartmann",
    "Lange",
    "Werner",
    "Lehmann",
    "Jansen",
    "Petersen",
    "Thomsen",
    "Brandt",
    "Voß",
    "Ehlers",
    "Krüger",
    "Hofmann",
    "Schmitt",
    "Walter",
    "König",
    "Mayer",
    "Huber",
    "Kaiser",
    "Fuchs",
    "Peters",
    "Lang",
    "Scholz",
    "Möller",
    "Weiß",
    "Jung",
    "Hahn",
    "Schubert",
    "Vogel",
    "Friedrich",
    "Keller",
    "Günther",
    "Frank",
    "Berger",
    "Winkler",
    "Roth",
    "Beck",
    "Lorenz",
    "Baumann",
    "Franke",
    "Albrecht",
    "Schuster",
    "Simon",
    "Ludwig",
    "Böhm",
    "Winter",
    "Kraus",
    "Martin",
    "Schumacher",
    "Stein",
    "Jäger",
    "Otto",
    "Sommer",
    "Groß",
    "Seidel",
    "Heinrich",
    "Brinkmann",
    "Haas",
    "Schreiber",
    "Graf",
    "Dietrich",
    "Ziegler",
    "Kuhn",
    "Pohl",
    "Engel",
    "Horn",
    "Busch",
    "Bergmann",
    "Thiel",
    "Sauer",
    "Arnold",
    "Wolff",
    "Pfeiffer",
    "Hansen",
    "Clausen",
    "Carstens",
    "Ohlsen",
];
/// Austrian surnames (first names are shared with Germany's).
pub(crate) static AT_LAST: &[&str] = &[
    "Gruber",
    "Huber",
    "Bauer",
    "Wagner",
    "Müller",
    "Pichler",
    "Steiner",
    "Moser",
    "Mayer",
    "Hofer",
    "Leitner",
    "Berger",
    "Fuchs",
    "Eder",
    "Fischer",
    "Schmid",
    "Winkler",
    "Weber",
    "Schwarz",
    "Maier",
    "Schneider",
    "Reiter",
    "Mayr",
    "Schmidt",
    "Wimmer",
    "Egger",
    "Brunner",
    "Lang",
    "Baumgartner",
    "Auer",
    "Binder",
    "Lechner",
    "Wolf",
    "Wallner",
    "Aigner",
    "Ebner",
    "Koller",
    "Lehner",
    "Haas",
    "Schuster",
    "Holzer",
    "Strasser",
    "Hackl",
    "Kainz",
    "Riegler",
    "Novak",
    "Horvath",
    "Kovac",
];
pub(crate) static UK_FIRST: (&[&str], &[&str]) = (
    &[
        "Emma",
        "Olivia",
        "Sophie",
        "Charlotte",
        "Amelia",
        "Jessica",
        "Hannah",
        "Lucy",
        "Chloe",
        "Rachel",
        "Sarah",
        "Priya",
        "Aisha",
        "Niamh",
        "Emily",
        "Grace",
        "Ella",
        "Isla",
        "Megan",
        "Laura",
        "Rebecca",
        "Holly",
        "Katie",
        "Zara",
        "Fatima",
        "Siobhan",
        "Gemma",
        "Victoria",
        "Helen",
        "Claire",
        "Joanne",
        "Nicola",
    ],
    &[
        "James", "Oliver", "Harry", "Jack", "George", "Thomas", "Daniel", "Samuel", "Mohammed", "Liam", "Ryan",
        "Arjun", "Callum", "Owen", "William", "Charlie", "Joshua", "Alfie", "Jacob", "Noah", "Ethan", "Adam",
        "Matthew", "David", "Paul", "Mark", "Andrew", "Richard", "Stephen", "Gareth", "Imran", "Kieran",
    ],
);
pub(crate) static UK_LAST: &[&str] = &[
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright", "Thompson",
    "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Patel", "Khan", "O'Brien", "Hughes", "Begum",
    "Murphy", "Edwards", "Harris", "Martin", "Jackson", "Clarke", "Lewis", "Turner", "Hill", "Scott", "Cooper",
    "Morris", "Ward", "Moore", "King", "Watson", "Baker", "Harrison", "Morgan", "Young", "Allen", "Mitchell",
    "Anderson", "Kelly", "Bell", "Shah", "Hussain", "Ali", "Campbell", "Stewart", "Lee", "Chapman", "Price", "Bennett",
    "Gray", "Cox", "Fraser",
];
/// Names of people who appear only as counterparties (clients, relatives, payees), to draw distinct payers.
pub(crate) static PAYER_FIRST: &[&str] = &[
    "Markus",
    "Daniel",
    "Kevin",
    "Patrick",
    "Andreas",
    "Christian",
    "Florian",
    "Marco",
    "Dennis",
    "Sven",
    "Oliver",
    "Alexander",
    "Benjamin",
    "Timo",
    "Rene",
    "Holger",
    "Uwe",
    "Ralf",
    "Kai",
    "Torsten",
    "Ahmet",
    "Pawel",
    "Igor",
    "Nico",
    "Robert",
    "Philipp",
    "Heiko",
    "Carsten",
    "Mario",
    "Jens",
];
pub(crate) static PAYER_LAST: &[&str] = &[
    "Schmitz",
    "Krämer",
    "Vogel",
    "Friedrich",
    "Keller",
    "Günther",
    "Frank",
    "Berger",
    "Winkler",
    "Roth",
    "Beck",
    "Lorenz",
    "Baumann",
    "Franke",
    "Albrecht",
    "Schuster",
    "Simon",
    "Ludwig",
    "Böhm",
    "Winter",
    "Kraus",
    "Martin",
    "Schumacher",
    "Krüger",
    "Peters",
    "Stein",
    "Jäger",
    "Otto",
    "Sommer",
    "Groß",
    "Seidel",
    "Heinrich",
    "Brinkmann",
    "Haas",
    "Schreiber",
    "Graf",
    "Dietrich",
    "Ziegler",
    "Kuhn",
    "Pohl",
];

/// A merchant as card slips show it.
pub(crate) type Merchant = (&'static str, u16);

/// One category of everyday card spending: merchants, median amount, log-normal σ, hours, monthly count.
pub(crate) struct SpendCategory {
    /// Merchants with their MCC.
    pub merchants: &'static [Merchant],
    /// Median amount in currency units.
    pub median: f64,
    /// Log-normal shape.
    pub sigma: f64,
    /// Opening window (hours, triangular peak in the middle).
    pub hours: (f64, f64),
    /// Expected count per month for an average customer (activity 1).
    pub per_month: f64,
}

const fn cat(
    merchants: &'static [Merchant],
    median: f64,
    sigma: f64,
    hours: (f64, f64),
    per_month: f64,
) -> SpendCategory {
    SpendCategory { merchants, median, sigma, hours, per_month }
}

// Medians and shapes: supermarket baskets are the bulk of card payments (median ~28 EUR, wide); restaurant
// bills cluster around 25–40; fast food and bakeries under 10; fuel fills are narrow around a tank (~60);
// pharmacy and department-store tickets are small with a long tail; online shops have a wide spread. Counts
// per month for an average customer add up to about 24 card payments (plus fuel for car owners), which with
// the customer's own activity factor (log-normal, median 1, σ 0.35) gives the 8–60 a month seen in
// European card statistics. UK and Austrian tables mirror the German one in their currencies and chains.
pub(crate) static DE_SPEND: [SpendCategory; 11] = [
    cat(
        &[("REWE", 5411), ("EDEKA", 5411), ("ALDI NORD", 5411), ("LIDL", 5411), ("PENNY", 5411), ("NETTO", 5411)],
        28.0,
        0.6,
        (8.0, 21.0),
        8.0,
    ),
    cat(
        &[
            ("RISTORANTE DA MARIO", 5812),
            ("GASTHAUS ZUM ANKER", 5812),
            ("SUSHI YOKO", 5812),
            ("THAI ORCHIDEE", 5812),
            ("BRAUHAUS NORD", 5812),
        ],
        31.0,
        0.45,
        (11.5, 22.5),
        1.5,
    ),
    cat(
        &[("MCDONALDS", 5814), ("BURGER KING", 5814), ("DOENER PALAST", 5814), ("BAECKEREI HANSEN", 5814)],
        8.9,
        0.4,
        (7.0, 22.0),
        3.5,
    ),
    cat(&[("ARAL", 5541), ("SHELL", 5541), ("JET", 5541), ("ESSO", 5541)], 62.0, 0.25, (6.0, 21.0), 0.0),
    cat(&[("APOTHEKE AM MARKT", 5912), ("ROSSMANN", 5912), ("DM DROGERIE", 5912)], 14.5, 0.6, (8.0, 20.0), 2.0),
    cat(&[("GALERIA", 5311), ("WOOLWORTH", 5311), ("KAUFHAUS STERN", 5311)], 39.0, 0.7, (10.0, 20.0), 0.8),
    cat(&[("HVV FAHRKARTE", 4111), ("DB FAHRKARTENAUTOMAT", 4111)], 3.6, 0.35, (6.0, 20.0), 2.5),
    cat(&[("H&M", 5651), ("C&A", 5651), ("DEICHMANN", 5661)], 44.0, 0.55, (10.0, 20.0), 0.8),
    cat(&[("AMAZON MKTPLC", 5942), ("ZALANDO SE", 5691), ("OTTO VERSAND", 5964)], 34.0, 0.8, (7.0, 23.5), 2.2),
    cat(&[("OBI BAUMARKT", 5200), ("MEDIAMARKT", 5732), ("SATURN", 5732)], 55.0, 0.9, (9.0, 20.0), 0.6),
    cat(&[("CAFE KOENIG", 5814), ("BALZAC COFFEE", 5814), ("KIOSK AM ECK", 5499)], 5.2, 0.45, (7.0, 19.0), 2.5),
];

/// Everyday card spending in the UK (GBP).
pub(crate) static UK_SPEND: [SpendCategory; 11] = [
    cat(
        &[("TESCO STORES", 5411), ("SAINSBURYS", 5411), ("ASDA", 5411), ("CO-OP FOOD", 5411), ("ALDI UK", 5411)],
        24.0,
        0.6,
        (8.0, 21.0),
        8.0,
    ),
    cat(
        &[("NANDOS", 5812), ("PIZZA EXPRESS", 5812), ("WAGAMAMA", 5812), ("THE RED LION", 5812)],
        27.0,
        0.45,
        (11.5, 22.5),
        1.5,
    ),
    cat(&[("PRET A MANGER", 5814), ("GREGGS", 5814), ("MCDONALDS", 5814)], 6.8, 0.4, (7.0, 21.0), 3.5),
    cat(&[("BP", 5541), ("SHELL", 5541), ("ESSO", 5541)], 55.0, 0.25, (6.0, 21.0), 0.0),
    cat(&[("BOOTS", 5912), ("SUPERDRUG", 5912)], 11.0, 0.6, (8.0, 20.0), 2.0),
    cat(&[("JOHN LEWIS", 5311), ("DEBENHAMS", 5311), ("WILKO", 5311)], 35.0, 0.7, (10.0, 20.0), 0.8),
    cat(&[("TFL TRAVEL CH", 4111), ("NATIONAL RAIL", 4111)], 4.2, 0.35, (6.0, 20.0), 2.5),
    cat(&[("PRIMARK", 5651), ("NEXT", 5651), ("CLARKS", 5661)], 38.0, 0.55, (10.0, 20.0), 0.8),
    cat(&[("AMAZON.CO.UK", 5942), ("ASOS.COM", 5691), ("ARGOS", 5964)], 29.0, 0.8, (7.0, 23.5), 2.2),
    cat(&[("B&Q", 5200), ("CURRYS", 5732)], 48.0, 0.9, (9.0, 20.0), 0.6),
    cat(&[("COSTA COFFEE", 5814), ("STARBUCKS", 5814), ("WHSMITH", 5994)], 4.1, 0.45, (7.0, 19.0), 2.5),
];

/// Everyday card spending in Austria (EUR).
pub(crate) static AT_SPEND: [SpendCategory; 11] = [
    cat(
        &[("BILLA", 5411), ("SPAR", 5411), ("HOFER", 5411), ("MERKUR", 5411), ("LIDL OESTERREICH", 5411)],
        29.0,
        0.6,
        (8.0, 20.0),
        8.0,
    ),
    cat(
        &[("GASTHAUS ZUR POST", 5812), ("PIZZERIA BELLA", 5812), ("WIRTSHAUS STEIRERECK", 5812)],
        33.0,
        0.45,
        (11.5, 22.5),
        1.5,
    ),
    cat(&[("MCDONALDS", 5814), ("ANKER BROT", 5814), ("WUERSTELSTAND", 5814)], 8.5, 0.4, (7.0, 22.0), 3.5),
    cat(&[("OMV", 5541), ("BP", 5541), ("ENI", 5541), ("TURMOEL", 5541)], 64.0, 0.25, (6.0, 21.0), 0.0),
    cat(&[("BIPA", 5912), ("DM DROGERIE MARKT", 5912), ("APOTHEKE ZUM ENGEL", 5912)], 15.0, 0.6, (8.0, 19.0), 2.0),
    cat(&[("GERNGROSS", 5311), ("KASTNER & OEHLER", 5311)], 42.0, 0.7, (10.0, 19.0), 0.8),
    cat(&[("WIENER LINIEN", 4111), ("OEBB TICKET", 4111)], 3.0, 0.4, (6.0, 20.0), 2.5),
    cat(&[("H&M", 5651), ("C&A", 5651), ("DEICHMANN", 5661)], 45.0, 0.55, (10.0, 19.0), 0.8),
    cat(&[("AMAZON MKTPLC", 5942), ("ZALANDO SE", 5691), ("OTTO AT", 5964)], 36.0, 0.8, (7.0, 23.5), 2.2),
    cat(&[("HORNBACH", 5200), ("MEDIAMARKT", 5732)], 58.0, 0.9, (9.0, 19.0), 0.6),
    cat(&[("CAFE CENTRAL", 5814), ("AIDA KONDITOREI", 5814), ("TRAFIK", 5993)], 5.5, 0.45, (7.0, 19.0), 2.5),
];

/// Index of fuel in the spending tables.
pub(crate) const FUEL: usize = 3;

/// Budget hotels the operation books, one-night stays (fictitious).
pub(crate) static BUDGET_HOTELS: [&str; 5] =
    ["CITYSLEEP HOTEL", "HOTEL GARNI AM BAHNHOF", "NACHTQUARTIER", "EASYROOMS", "PENSION ZUR LINDE"];
/// Business hotels a frequent traveller uses (fictitious).
pub(crate) static BUSINESS_HOTELS: [&str; 4] =
    ["GRAND CONTINENTAL HOTEL", "HOTEL EUROPA PLAZA", "RIVERSIDE BUSINESS HOTEL", "MERIDIAN SUITES"];
/// Airlines (fictitious).
pub(crate) static AIRLINES: [&str; 3] = ["NORDAIR", "SKYLINK AIRWAYS", "EUROWINGS-X"];
/// The ride-hailing app (fictitious), MCC 4121.
pub(crate) const RIDE_APP: &str = "RIDEGO*TRIP";
/// The card acquirer that settles merchants' card takings (fictitious).
pub(crate) const ACQUIRER: &str = "NORDPAY ACQUIRING GMBH";
/// The money transfer operator used for cash remittances (fictitious).
pub(crate) const MSB: &str = "EUROCASH TRANSFER";
/// Harbour Bank's UK money transfer partner (fictitious).
pub(crate) const MSB_UK: &str = "QUICKREMIT";
/// The crypto exchange whose export is in the evidence (fictitious), and its euro account.
pub(crate) const EXCHANGE: &str = "Coinvault Europe UAB";
