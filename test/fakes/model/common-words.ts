// Frequent English and French words and word pieces, so that text outside the
// bundled corpus still tokenizes into plausible pieces rather than characters.

export const COMMON_ENGLISH_WORDS = `
the of and to a in is it you that he was for on are with as I his they be at one have this from or had by
not word but what some we can out other were all there when up use your how said an each she which do their
time if will way about many then them write would like so these her long make thing see him two has look more
day could go come did number sound no most people my over know water than call first who may down side been
now find any new work part take get place made live where after back little only round man year came show
every good me give our under name very through just form sentence great think say help low line differ turn
cause much mean before move right boy old too same tell does set three want air well also play small end put
home read hand port large spell add even land here must big high such follow act why ask men change went
light kind off need house picture try us again animal point mother world near build self earth father head
stand own page should country found answer school grow study still learn plant cover food sun four between
state keep eye never last let thought city tree cross farm hard start might story saw far sea draw left late
run while press close night real life few north open seem together next white children begin got walk example
ease paper group always music those both mark often letter until mile river car feet care second book carry
took science eat room friend began idea fish mountain stop once base hear horse cut sure watch color face wood
main enough plain girl usual young ready above ever red list though feel talk bird soon body dog family direct
leave song measure door product black short question quote source report meeting team policy data security
defence defense minister government president agreement budget support member military alliance
`;

export const COMMON_FRENCH_WORDS = `
le la les de des du un une et à au aux en dans par pour sur avec sans sous entre vers chez ce cet cette ces
qui que quoi dont où il elle ils elles on nous vous je tu me te se lui leur leurs son sa ses mon ma mes ton ta
tes notre nos votre vos ne pas plus moins très bien mal tout tous toute toutes autre autres même aussi encore
déjà toujours jamais souvent ici là comme mais ou donc or ni car si quand lorsque puis ainsi alors après avant
pendant depuis contre selon être avoir faire dire pouvoir aller voir savoir vouloir venir devoir prendre trouver
donner falloir parler mettre passer croire tenir porter demander rester penser arriver connaître devenir sentir
sembler laisser est sont était été sera seront fait font a ont avait peut doit va vont dit année années jour
jours temps monde pays ville homme femme enfant enfants vie gouvernement président ministre défense sécurité
alliance accord réunion question réponse source rapport politique équipe données pourquoi comment combien
premier première dernier dernière nouveau nouvelle grand grande petit petite bon bonne haut fort seul général
public publique national nationale européen européenne international internationale militaire économique
également notamment cependant toutefois néanmoins ensuite enfin surtout environ presque peu beaucoup trop assez
`;

/** Frequent word endings and beginnings, as sub-word pieces (without the ▁ word marker). */
export const COMMON_PIECES = `
s es e é ée ées er ez ent ant ment ements tion tions sion ité ités eur eurs euse ique iques isme iste able ible
ais ait aient ons iez ions ra rai ront rez ir ie ies ed ing ly ness ful less er est ism ist al ial ous ive
re de dé pré pro con com in im un dis ex inter trans sur sous anti auto
`;

export function wordsOf(text: string): string[] {
  return text.split(/\s+/).filter((word) => word.length > 0);
}
