//! Name pools for synthetic persons, by origin: the spellings a French administration meets for the same name
//! (passport, visa and civil-status transliterations differ), and where the name has one, its original script —
//! so that the transliteration-tolerant search has real work to do on seeded data.

/// A name as the current identity spells it, with other Latin spellings and its original script.
pub struct Name {
    /// The spelling of the current identity.
    pub latin: &'static str,
    /// Other spellings met on other documents.
    pub variants: &'static [&'static str],
    /// The name in its original script, when not Latin.
    pub original: Option<&'static str>,
}

const fn n(latin: &'static str, variants: &'static [&'static str]) -> Name {
    Name { latin, variants, original: None }
}

const fn s(latin: &'static str, variants: &'static [&'static str], original: &'static str) -> Name {
    Name { latin, variants, original: Some(original) }
}

/// An origin: its nationalities (weighted by repetition), its script, and its names.
pub struct Origin {
    /// ISO 3166-1 alpha-3 codes, `STATELESS` or `UNDETERMINED`; repeated to weight them.
    pub nationalities: &'static [&'static str],
    /// ISO 15924 code of the original script, when not Latin.
    pub script: Option<&'static str>,
    /// Family names.
    pub family: &'static [Name],
    /// Given names.
    pub given: &'static [Name],
    /// Relative weight among origins.
    pub weight: u32,
}

/// The origins, weighted roughly like first permits issued in France.
pub const ORIGINS: &[Origin] = &[
    Origin {
        nationalities: &["DZA", "DZA", "MAR", "MAR", "TUN"],
        script: Some("Arab"),
        family: &[
            s("Haddad", &["Hadad", "El Haddad"], "حداد"),
            s("Benali", &["Ben Ali", "Benaly"], "بن علي"),
            s("Mansouri", &["Mansuri", "El Mansouri"], "منصوري"),
            s("Belkacem", &["Belkassem", "Belgacem"], "بلقاسم"),
            s("Cherif", &["Chérif", "Sharif"], "شريف"),
            s("Bouzid", &["Bou Zid", "Bouzide"], "بوزيد"),
            s("Saidi", &["Saïdi", "Saeedi"], "سعيدي"),
            s("Khelifi", &["Kelifi", "Khalifi"], "خليفي"),
            s("El Amrani", &["Amrani", "Elamrani"], "العمراني"),
            s("Ouali", &["Wali", "Oualy"], "والي"),
        ],
        given: &[
            s("Mohamed", &["Mohammed", "Muhammad", "Mohamad"], "محمد"),
            s("Amina", &["Aminah", "Ameena"], "أمينة"),
            s("Fatima", &["Fatma", "Fatimah"], "فاطمة"),
            s("Youssef", &["Yusuf", "Youcef", "Yousef"], "يوسف"),
            s("Karim", &["Kareem", "Krim"], "كريم"),
            s("Leila", &["Layla", "Leïla"], "ليلى"),
            s("Rachid", &["Rashid", "Rached"], "رشيد"),
            s("Khadija", &["Khadidja", "Kadija"], "خديجة"),
            s("Sofiane", &["Sofian", "Sufyan"], "سفيان"),
            s("Nadia", &["Nadiya"], "نادية"),
        ],
        weight: 30,
    },
    Origin {
        nationalities: &["SEN", "MLI", "CIV", "GIN", "CMR", "COD"],
        script: None,
        family: &[
            n("Diallo", &["Dialo", "Jallow"]),
            n("Traoré", &["Traore", "Trawally"]),
            n("Koné", &["Kone", "Konneh"]),
            n("N'Diaye", &["Ndiaye", "Njie"]),
            n("Diop", &["Diope"]),
            n("Camara", &["Kamara"]),
            n("Coulibaly", &["Kulibali", "Koulibaly"]),
            n("Keïta", &["Keita", "Kheita"]),
            n("Sow", &["Sowe"]),
            n("Mbappé", &["Mbappe"]),
        ],
        given: &[
            n("Mamadou", &["Mamadu", "Mamodou"]),
            n("Aminata", &["Aminatta"]),
            n("Ousmane", &["Usman", "Ousman"]),
            n("Fatoumata", &["Fatumata", "Fatoumatta"]),
            n("Moussa", &["Musa", "Mousa"]),
            n("Aïssatou", &["Aissatou", "Aisatu"]),
            n("Ibrahima", &["Ibrahim", "Ebrima"]),
            n("Mariam", &["Mariama", "Maryam"]),
        ],
        weight: 25,
    },
    Origin {
        nationalities: &["UKR", "UKR", "RUS", "GEO"],
        script: Some("Cyrl"),
        family: &[
            s("Kovalenko", &["Kowalenko", "Kovalenco"], "Коваленко"),
            s("Shevchenko", &["Chevtchenko", "Szewczenko"], "Шевченко"),
            s("Bondarenko", &["Bondarenco"], "Бондаренко"),
            s("Tkachenko", &["Tkatchenko"], "Ткаченко"),
            s("Ivanov", &["Ivanoff", "Iwanow"], "Иванов"),
            s("Petrenko", &["Petrenco"], "Петренко"),
            s("Kuznetsov", &["Kouznetsov", "Kusnezow"], "Кузнецов"),
        ],
        given: &[
            s("Oleksandr", &["Aleksandr", "Olexandr", "Alexandre"], "Олександр"),
            s("Olena", &["Elena", "Olyena"], "Олена"),
            s("Dmytro", &["Dmitri", "Dmitriy"], "Дмитро"),
            s("Iryna", &["Irina", "Iryna"], "Ірина"),
            s("Andriy", &["Andrii", "Andrei"], "Андрій"),
            s("Nataliia", &["Natalia", "Natalya"], "Наталія"),
            s("Serhiy", &["Sergei", "Serhii"], "Сергій"),
        ],
        weight: 12,
    },
    Origin {
        nationalities: &["AFG", "AFG", "AFG", "UNDETERMINED"],
        script: Some("Arab"),
        family: &[
            s("Ahmadi", &["Ahmady"], "احمدی"),
            s("Rahimi", &["Rahimy"], "رحیمی"),
            s("Hosseini", &["Hussaini", "Husseini"], "حسینی"),
            s("Karimi", &["Karimy"], "کریمی"),
            s("Noori", &["Nouri", "Nuri"], "نوری"),
        ],
        given: &[
            s("Ahmad", &["Ahmed", "Ahmet"], "احمد"),
            s("Zahra", &["Zahrah", "Sahra"], "زهرا"),
            s("Ali", &["Aly"], "علی"),
            s("Hamid", &["Hameed"], "حمید"),
            s("Farid", &["Fareed"], "فرید"),
        ],
        weight: 8,
    },
    Origin {
        nationalities: &["CHN", "VNM", "VNM"],
        script: None,
        family: &[
            n("Nguyễn", &["Nguyen", "Ngyuen"]),
            n("Trần", &["Tran"]),
            n("Phạm", &["Pham"]),
            n("Wang", &["Wong"]),
            n("Zhang", &["Chang"]),
            n("Chen", &["Chan"]),
        ],
        given: &[
            n("Thi Lan", &["Thilan"]),
            n("Van Minh", &["Vanminh"]),
            n("Wei", &["Wai"]),
            n("Xiaoling", &["Hsiao Ling"]),
        ],
        weight: 7,
    },
    Origin {
        nationalities: &["STATELESS", "STATELESS", "IND", "NPL"],
        script: Some("Tibt"),
        family: &[s("Dorje", &["Dorjee", "Dordje"], "རྡོ་རྗེ་"), s("Tsering", &["Tshering", "Cering"], "ཚེ་རིང་")],
        given: &[
            s("Tenzin", &["Tendzin", "Tenzing"], "བསྟན་འཛིན་"),
            s("Pema", &["Padma"], "པདྨ་"),
            s("Dolma", &["Drolma"], "སྒྲོལ་མ་"),
        ],
        weight: 3,
    },
    Origin {
        nationalities: &["TUR"],
        script: None,
        family: &[n("Yılmaz", &["Yilmaz"]), n("Kaya", &["Kaja"]), n("Demir", &["Demirr"]), n("Çelik", &["Celik"])],
        given: &[n("Ayşe", &["Ayse", "Aysche"]), n("Mehmet", &["Mehmed", "Mohammed"]), n("Zeynep", &["Zeynab"])],
        weight: 6,
    },
    Origin {
        nationalities: &["BRA", "COL", "PER", "HTI"],
        script: None,
        family: &[
            n("Silva", &["Da Silva"]),
            n("Oliveira", &["Olivera"]),
            n("González", &["Gonzalez"]),
            n("Rodríguez", &["Rodriguez"]),
            n("Jean-Baptiste", &["Jean Baptiste"]),
        ],
        given: &[n("João", &["Joao"]), n("María José", &["Maria Jose"]), n("Carlos", &["Karlos"]), n("Ana", &["Anna"])],
        weight: 6,
    },
    Origin {
        nationalities: &["BGD", "PAK", "IND", "LKA"],
        script: None,
        family: &[
            n("Khan", &["Kahn"]),
            n("Rahman", &["Rehman"]),
            n("Hossain", &["Hussain", "Hosain"]),
            n("Singh", &["Sing"]),
        ],
        given: &[n("Mohammad", &["Muhammad", "Mohamed"]), n("Rahima", &["Raheema"]), n("Arif", &["Aarif"])],
        weight: 3,
    },
];

/// Départements and their weight: Île-de-France and the big cities carry most of the demand.
pub const TERRITORIES: &[(&str, u32)] = &[
    ("75", 14),
    ("93", 12),
    ("92", 7),
    ("94", 7),
    ("95", 5),
    ("91", 4),
    ("77", 4),
    ("78", 3),
    ("69", 6),
    ("13", 6),
    ("59", 4),
    ("33", 3),
    ("31", 3),
    ("67", 3),
    ("06", 3),
    ("34", 3),
    ("44", 2),
    ("38", 2),
    ("974", 1),
    ("2A", 1),
];

/// Cities of birth, per nationality code (first match); others get none.
pub fn birth_place(nationality: &str) -> Option<&'static str> {
    Some(match nationality {
        "DZA" => "Oran",
        "MAR" => "Casablanca",
        "TUN" => "Sfax",
        "SEN" => "Dakar",
        "MLI" => "Bamako",
        "CIV" => "Abidjan",
        "UKR" => "Kharkiv",
        "RUS" => "Saratov",
        "AFG" => "Herat",
        "VNM" => "Hà Nội",
        "CHN" => "Wenzhou",
        "TUR" => "Kayseri",
        "BRA" => "Recife",
        _ => return None,
    })
}
