"""ISO 3166-1 codes and names of the 193 UN member states plus the two observer states.

Used by the synthetic-graph generator (:mod:`jcgraph.tools.synth`) so that generated states carry real
alpha-2 / alpha-3 codes. One line per state: alpha-2, alpha-3, English name, French name.
"""

from __future__ import annotations

_TABLE = """\
AF|AFG|Afghanistan|Afghanistan
AL|ALB|Albania|Albanie
DZ|DZA|Algeria|Algérie
AD|AND|Andorra|Andorre
AO|AGO|Angola|Angola
AG|ATG|Antigua and Barbuda|Antigua-et-Barbuda
AR|ARG|Argentina|Argentine
AM|ARM|Armenia|Arménie
AU|AUS|Australia|Australie
AT|AUT|Austria|Autriche
AZ|AZE|Azerbaijan|Azerbaïdjan
BS|BHS|Bahamas|Bahamas
BH|BHR|Bahrain|Bahreïn
BD|BGD|Bangladesh|Bangladesh
BB|BRB|Barbados|Barbade
BY|BLR|Belarus|Biélorussie
BE|BEL|Belgium|Belgique
BZ|BLZ|Belize|Belize
BJ|BEN|Benin|Bénin
BT|BTN|Bhutan|Bhoutan
BO|BOL|Bolivia|Bolivie
BA|BIH|Bosnia and Herzegovina|Bosnie-Herzégovine
BW|BWA|Botswana|Botswana
BR|BRA|Brazil|Brésil
BN|BRN|Brunei Darussalam|Brunéi Darussalam
BG|BGR|Bulgaria|Bulgarie
BF|BFA|Burkina Faso|Burkina Faso
BI|BDI|Burundi|Burundi
CV|CPV|Cabo Verde|Cap-Vert
KH|KHM|Cambodia|Cambodge
CM|CMR|Cameroon|Cameroun
CA|CAN|Canada|Canada
CF|CAF|Central African Republic|République centrafricaine
TD|TCD|Chad|Tchad
CL|CHL|Chile|Chili
CN|CHN|China|Chine
CO|COL|Colombia|Colombie
KM|COM|Comoros|Comores
CG|COG|Congo|Congo
CD|COD|Democratic Republic of the Congo|République démocratique du Congo
CR|CRI|Costa Rica|Costa Rica
CI|CIV|Côte d'Ivoire|Côte d'Ivoire
HR|HRV|Croatia|Croatie
CU|CUB|Cuba|Cuba
CY|CYP|Cyprus|Chypre
CZ|CZE|Czechia|Tchéquie
DK|DNK|Denmark|Danemark
DJ|DJI|Djibouti|Djibouti
DM|DMA|Dominica|Dominique
DO|DOM|Dominican Republic|République dominicaine
EC|ECU|Ecuador|Équateur
EG|EGY|Egypt|Égypte
SV|SLV|El Salvador|Salvador
GQ|GNQ|Equatorial Guinea|Guinée équatoriale
ER|ERI|Eritrea|Érythrée
EE|EST|Estonia|Estonie
SZ|SWZ|Eswatini|Eswatini
ET|ETH|Ethiopia|Éthiopie
FJ|FJI|Fiji|Fidji
FI|FIN|Finland|Finlande
FR|FRA|France|France
GA|GAB|Gabon|Gabon
GM|GMB|Gambia|Gambie
GE|GEO|Georgia|Géorgie
DE|DEU|Germany|Allemagne
GH|GHA|Ghana|Ghana
GR|GRC|Greece|Grèce
GD|GRD|Grenada|Grenade
GT|GTM|Guatemala|Guatemala
GN|GIN|Guinea|Guinée
GW|GNB|Guinea-Bissau|Guinée-Bissau
GY|GUY|Guyana|Guyana
HT|HTI|Haiti|Haïti
VA|VAT|Holy See|Saint-Siège
HN|HND|Honduras|Honduras
HU|HUN|Hungary|Hongrie
IS|ISL|Iceland|Islande
IN|IND|India|Inde
ID|IDN|Indonesia|Indonésie
IR|IRN|Iran|Iran
IQ|IRQ|Iraq|Irak
IE|IRL|Ireland|Irlande
IL|ISR|Israel|Israël
IT|ITA|Italy|Italie
JM|JAM|Jamaica|Jamaïque
JP|JPN|Japan|Japon
JO|JOR|Jordan|Jordanie
KZ|KAZ|Kazakhstan|Kazakhstan
KE|KEN|Kenya|Kenya
KI|KIR|Kiribati|Kiribati
KP|PRK|Democratic People's Republic of Korea|République populaire démocratique de Corée
KR|KOR|Republic of Korea|République de Corée
KW|KWT|Kuwait|Koweït
KG|KGZ|Kyrgyzstan|Kirghizistan
LA|LAO|Lao People's Democratic Republic|République démocratique populaire lao
LV|LVA|Latvia|Lettonie
LB|LBN|Lebanon|Liban
LS|LSO|Lesotho|Lesotho
LR|LBR|Liberia|Libéria
LY|LBY|Libya|Libye
LI|LIE|Liechtenstein|Liechtenstein
LT|LTU|Lithuania|Lituanie
LU|LUX|Luxembourg|Luxembourg
MG|MDG|Madagascar|Madagascar
MW|MWI|Malawi|Malawi
MY|MYS|Malaysia|Malaisie
MV|MDV|Maldives|Maldives
ML|MLI|Mali|Mali
MT|MLT|Malta|Malte
MH|MHL|Marshall Islands|Îles Marshall
MR|MRT|Mauritania|Mauritanie
MU|MUS|Mauritius|Maurice
MX|MEX|Mexico|Mexique
FM|FSM|Micronesia|Micronésie
MD|MDA|Republic of Moldova|République de Moldavie
MC|MCO|Monaco|Monaco
MN|MNG|Mongolia|Mongolie
ME|MNE|Montenegro|Monténégro
MA|MAR|Morocco|Maroc
MZ|MOZ|Mozambique|Mozambique
MM|MMR|Myanmar|Myanmar
NA|NAM|Namibia|Namibie
NR|NRU|Nauru|Nauru
NP|NPL|Nepal|Népal
NL|NLD|Netherlands|Pays-Bas
NZ|NZL|New Zealand|Nouvelle-Zélande
NI|NIC|Nicaragua|Nicaragua
NE|NER|Niger|Niger
NG|NGA|Nigeria|Nigéria
MK|MKD|North Macedonia|Macédoine du Nord
NO|NOR|Norway|Norvège
OM|OMN|Oman|Oman
PK|PAK|Pakistan|Pakistan
PW|PLW|Palau|Palaos
PS|PSE|State of Palestine|État de Palestine
PA|PAN|Panama|Panama
PG|PNG|Papua New Guinea|Papouasie-Nouvelle-Guinée
PY|PRY|Paraguay|Paraguay
PE|PER|Peru|Pérou
PH|PHL|Philippines|Philippines
PL|POL|Poland|Pologne
PT|PRT|Portugal|Portugal
QA|QAT|Qatar|Qatar
RO|ROU|Romania|Roumanie
RU|RUS|Russian Federation|Fédération de Russie
RW|RWA|Rwanda|Rwanda
KN|KNA|Saint Kitts and Nevis|Saint-Christophe-et-Niévès
LC|LCA|Saint Lucia|Sainte-Lucie
VC|VCT|Saint Vincent and the Grenadines|Saint-Vincent-et-les-Grenadines
WS|WSM|Samoa|Samoa
SM|SMR|San Marino|Saint-Marin
ST|STP|Sao Tome and Principe|Sao Tomé-et-Principe
SA|SAU|Saudi Arabia|Arabie saoudite
SN|SEN|Senegal|Sénégal
RS|SRB|Serbia|Serbie
SC|SYC|Seychelles|Seychelles
SL|SLE|Sierra Leone|Sierra Leone
SG|SGP|Singapore|Singapour
SK|SVK|Slovakia|Slovaquie
SI|SVN|Slovenia|Slovénie
SB|SLB|Solomon Islands|Îles Salomon
SO|SOM|Somalia|Somalie
ZA|ZAF|South Africa|Afrique du Sud
SS|SSD|South Sudan|Soudan du Sud
ES|ESP|Spain|Espagne
LK|LKA|Sri Lanka|Sri Lanka
SD|SDN|Sudan|Soudan
SR|SUR|Suriname|Suriname
SE|SWE|Sweden|Suède
CH|CHE|Switzerland|Suisse
SY|SYR|Syrian Arab Republic|République arabe syrienne
TJ|TJK|Tajikistan|Tadjikistan
TZ|TZA|United Republic of Tanzania|République-Unie de Tanzanie
TH|THA|Thailand|Thaïlande
TL|TLS|Timor-Leste|Timor-Leste
TG|TGO|Togo|Togo
TO|TON|Tonga|Tonga
TT|TTO|Trinidad and Tobago|Trinité-et-Tobago
TN|TUN|Tunisia|Tunisie
TR|TUR|Türkiye|Turquie
TM|TKM|Turkmenistan|Turkménistan
TV|TUV|Tuvalu|Tuvalu
UG|UGA|Uganda|Ouganda
UA|UKR|Ukraine|Ukraine
AE|ARE|United Arab Emirates|Émirats arabes unis
GB|GBR|United Kingdom|Royaume-Uni
US|USA|United States of America|États-Unis d'Amérique
UY|URY|Uruguay|Uruguay
UZ|UZB|Uzbekistan|Ouzbékistan
VU|VUT|Vanuatu|Vanuatu
VE|VEN|Venezuela|Venezuela
VN|VNM|Viet Nam|Viet Nam
YE|YEM|Yemen|Yémen
ZM|ZMB|Zambia|Zambie
ZW|ZWE|Zimbabwe|Zimbabwe
"""

#: (alpha-2, alpha-3, English name, French name), in the order above.
STATES: tuple[tuple[str, str, str, str], ...] = tuple(
    tuple(line.split("|"))
    for line in _TABLE.splitlines()
    if line  # type: ignore[misc]
)
