<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>AgencyProgress</name>
    <message>
        <source>Syncing %p%</source>
        <translation>Sincronizando %p%</translation>
    </message>
    <message>
        <source>Sync with the agency server</source>
        <translation>Sincronización con el servidor de la agencia</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>{done} of {total} changes</source>
        <translation>{done} de {total} cambios</translation>
    </message>
</context>
<context>
    <name>AgencyServerDialog</name>
    <message>
        <source>Agency server</source>
        <translation>Servidor de la agencia</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>C&amp;onectar</translation>
    </message>
</context>
<context>
    <name>AgencyServerForm</name>
    <message>
        <source>Such as postgresql://caseworker1@agency.example.org/csec?sslmode=verify-full. The password is kept in this desk&apos;s passfile, never in the settings.</source>
        <translation>Por ejemplo, postgresql://caseworker1@agency.example.org/csec?sslmode=verify-full. La contraseña se guarda en el archivo de contraseñas de este equipo, nunca en la configuración.</translation>
    </message>
    <message>
        <source>Agency server URL</source>
        <translation>URL del servidor de la agencia</translation>
    </message>
    <message>
        <source>none: this desk works on its own</source>
        <translation>ninguno: este equipo trabaja por su cuenta</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>only if the server asks for one</source>
        <translation>solo si el servidor la pide</translation>
    </message>
    <message>
        <source>Server &amp;URL:</source>
        <translation>&amp;URL del servidor:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Contraseña:</translation>
    </message>
    <message>
        <source>Enter the agency server&apos;s URL, such as postgresql://host/db.</source>
        <translation>Escriba la URL del servidor de la agencia, por ejemplo postgresql://host/db.</translation>
    </message>
    <message>
        <source>That is not a server URL; it should look like postgresql://host/database.</source>
        <translation>Eso no es la URL de un servidor; debe tener la forma postgresql://host/basededatos.</translation>
    </message>
</context>
<context>
    <name>AgencyStatus</name>
    <message>
        <source>just now</source>
        <translation>hace un momento</translation>
    </message>
    <message>
        <source>{count} day ago</source>
        <translation>hace {count} día</translation>
    </message>
    <message>
        <source>{count} days ago</source>
        <translation>hace {count} días</translation>
    </message>
    <message>
        <source>{count} h ago</source>
        <translation>hace {count} h</translation>
    </message>
    <message>
        <source>{count} min ago</source>
        <translation>hace {count} min</translation>
    </message>
    <message>
        <source>agency: offline — changes will be sent</source>
        <translation>agencia: sin conexión — los cambios se enviarán</translation>
    </message>
    <message>
        <source>agency: offline — copy from {ago}</source>
        <translation>agencia: sin conexión — copia de {ago}</translation>
    </message>
    <message>
        <source>agency: offline — not synced yet</source>
        <translation>agencia: sin conexión — aún no sincronizada</translation>
    </message>
    <message>
        <source>agency: synced {ago}</source>
        <translation>agencia: sincronizada {ago}</translation>
    </message>
    <message>
        <source>agency: synced {ago}, {count} change to send</source>
        <translation>agencia: sincronizada {ago}, {count} cambio por enviar</translation>
    </message>
    <message>
        <source>agency: synced {ago}, {count} changes to send</source>
        <translation>agencia: sincronizada {ago}, {count} cambios por enviar</translation>
    </message>
    <message>
        <source>agency: not synced yet</source>
        <translation>agencia: aún no sincronizada</translation>
    </message>
    <message>
        <source>{status} · {count} conflict to decide</source>
        <translation>{status} · {count} conflicto por resolver</translation>
    </message>
    <message>
        <source>{status} · {count} conflicts to decide</source>
        <translation>{status} · {count} conflictos por resolver</translation>
    </message>
</context>
<context>
    <name>Archives</name>
    <message>
        <source>There is no file {path}.</source>
        <translation>No existe el archivo {path}.</translation>
    </message>
    <message>
        <source>{path} is a directory, not a zip file.</source>
        <translation>{path} es una carpeta, no un archivo zip.</translation>
    </message>
    <message>
        <source>The file {path} cannot be read (permission denied).</source>
        <translation>No se puede leer el archivo {path} (permiso denegado).</translation>
    </message>
    <message>
        <source>{name} is not {what}: it is not a zip file, or it is truncated or damaged.</source>
        <translation>{name} no es {what}: no es un archivo zip, o está incompleto o dañado.</translation>
    </message>
    <message>
        <source>{name}&apos;s {member} is {size} bytes, more than the {most} it may hold.</source>
        <translation>{member} de {name} ocupa {size} bytes, más de los {most} que puede ocupar.</translation>
    </message>
    <message>
        <source>{name} is refused because its members would inflate to more than {times} times the size of the file, as a zip bomb does.</source>
        <translation>Se rechaza {name} porque su contenido ocuparía al descomprimirse más de {times} veces el tamaño del archivo, como hace una bomba zip.</translation>
    </message>
    <message>
        <source>{name}&apos;s {member} is larger than it says.</source>
        <translation>{member} de {name} es más grande de lo que declara.</translation>
    </message>
    <message>
        <source>a catalog bundle</source>
        <translation>un paquete de catálogo</translation>
    </message>
    <message>
        <source>a zipped HSDS package</source>
        <translation>un paquete HSDS comprimido</translation>
    </message>
</context>
<context>
    <name>Bundles</name>
    <message>
        <source>The bundle {name} cannot be trusted because {reason}.</source>
        <translation>No se puede confiar en el paquete {name} porque {reason}.</translation>
    </message>
    <message>
        <source>it is not signed</source>
        <translation>no está firmado</translation>
    </message>
    <message>
        <source>it is signed by another publisher&apos;s key, not the one trusted here</source>
        <translation>está firmado con la clave de otro editor, no con la que se reconoce aquí</translation>
    </message>
    <message>
        <source>its signature does not match its manifest (it was changed after signing)</source>
        <translation>su firma no coincide con su manifiesto (se cambió después de firmarlo)</translation>
    </message>
    <message>
        <source>its catalog does not match the signed manifest (it was changed after signing)</source>
        <translation>su catálogo no coincide con el manifiesto firmado (se cambió después de firmarlo)</translation>
    </message>
    <message>
        <source>The bundle {name} has {count} problem(s) in its catalog, so nothing was imported.</source>
        <translation>El paquete {name} tiene {count} problema(s) en su catálogo, así que no se importó nada.</translation>
    </message>
    <message>
        <source>The manifest of {name} is damaged: {detail}.</source>
        <translation>El manifiesto de {name} está dañado: {detail}.</translation>
    </message>
    <message>
        <source>it is not UTF-8 text</source>
        <translation>no es texto UTF-8</translation>
    </message>
    <message>
        <source>it is not valid JSON</source>
        <translation>no es JSON válido</translation>
    </message>
    <message>
        <source>it is not a JSON object</source>
        <translation>no es un objeto JSON</translation>
    </message>
    <message>
        <source>&apos;{field}&apos; must be a whole number</source>
        <translation>«{field}» debe ser un número entero</translation>
    </message>
    <message>
        <source>&apos;{field}&apos; must be text</source>
        <translation>«{field}» debe ser texto</translation>
    </message>
    <message>
        <source>&apos;catalog_version&apos; must be numbers joined by dots, such as 2026.11.23</source>
        <translation>«catalog_version» debe ser una serie de números unidos por puntos, como 2026.11.23</translation>
    </message>
    <message>
        <source>&apos;payload_sha256&apos; is not a SHA-256 digest</source>
        <translation>«payload_sha256» no es un resumen SHA-256</translation>
    </message>
    <message>
        <source>&apos;date&apos; or &apos;catalog_date&apos; is not a date</source>
        <translation>«date» o «catalog_date» no es una fecha</translation>
    </message>
    <message>
        <source>{name} is not a catalog bundle.</source>
        <translation>{name} no es un paquete de catálogo.</translation>
    </message>
    <message>
        <source>{name} has bundle format version {version}, which this version of the application cannot read; please update the application.</source>
        <translation>{name} tiene la versión {version} del formato de paquete, que esta versión de la aplicación no puede leer; actualice la aplicación.</translation>
    </message>
    <message>
        <source>{name} holds an unexpected member {member}; a bundle holds only {members}, once each.</source>
        <translation>{name} contiene un elemento inesperado, {member}; un paquete contiene solo {members}, una vez cada uno.</translation>
    </message>
    <message>
        <source>{name} has no {manifest} or no {payload}, so it is not a bundle.</source>
        <translation>A {name} le falta {manifest} o {payload}, así que no es un paquete.</translation>
    </message>
</context>
<context>
    <name>CatalogController</name>
    <message>
        <source>Delete local resource</source>
        <translation>Eliminar recurso local</translation>
    </message>
    <message>
        <source>Delete this resource your agency added? This cannot be undone.</source>
        <translation>¿Eliminar este recurso que agregó su agencia? Esto no se puede deshacer.</translation>
    </message>
</context>
<context>
    <name>ChangesDialog</name>
    <message>
        <source>The publisher&apos;s signature is verified.</source>
        <translation>La firma del editor está verificada.</translation>
    </message>
    <message>
        <source>⚠ This update is NOT verified: import it only if you trust where it came from.</source>
        <translation>⚠ Esta actualización NO está verificada: impórtela solo si confía en su procedencia.</translation>
    </message>
    <message>
        <source>Catalog version {version} from {publisher}, {count} resources.</source>
        <translation>Versión del catálogo {version} de {publisher}, {count} recursos.</translation>
    </message>
    <message>
        <source>Your favorites, notes, saved searches and local resources are kept; a backup is taken first, and the update can be undone.</source>
        <translation>Sus favoritos, notas, búsquedas guardadas y recursos locales se conservan; antes se hace una copia de seguridad y la actualización se puede deshacer.</translation>
    </message>
    <message>
        <source>Changes the update makes</source>
        <translation>Cambios que hace la actualización</translation>
    </message>
    <message>
        <source>… and {count} more lines</source>
        <translation>… y {count} líneas más</translation>
    </message>
    <message>
        <source>The update changes no resource.</source>
        <translation>La actualización no cambia ningún recurso.</translation>
    </message>
    <message>
        <source>Apply update</source>
        <translation>Aplicar actualización</translation>
    </message>
</context>
<context>
    <name>ClientNeeds</name>
    <message>
        <source>An age must be a whole number from 0 to {most}.</source>
        <translation>La edad debe ser un número entero de 0 a {most}.</translation>
    </message>
    <message>
        <source>Unknown need: {unknown} (one of {known}).</source>
        <translation>Necesidad desconocida: {unknown} (una de {known}).</translation>
    </message>
</context>
<context>
    <name>ClientPanel</name>
    <message>
        <source>Not saved anywhere; cleared when you close the desk.</source>
        <translation>No se guarda en ningún lugar; se borra al cerrar el programa.</translation>
    </message>
    <message>
        <source>Girl</source>
        <translation>Niña</translation>
    </message>
    <message>
        <source>Boy</source>
        <translation>Niño</translation>
    </message>
    <message>
        <source>Transgender or nonbinary</source>
        <translation>Transgénero o no binario</translation>
    </message>
    <message>
        <source>For this client</source>
        <translation>Para este cliente</translation>
    </message>
    <message>
        <source>For this client: show or hide</source>
        <translation>Para este cliente: mostrar u ocultar</translation>
    </message>
    <message>
        <source>ZIP code or city, state</source>
        <translation>Código postal o ciudad, estado</translation>
    </message>
    <message>
        <source>Client&apos;s ZIP code or city</source>
        <translation>Código postal o ciudad del cliente</translation>
    </message>
    <message>
        <source>Nearest resources first, then those serving the whole state and national ones.</source>
        <translation>Primero los recursos más cercanos, luego los que atienden a todo el estado y los nacionales.</translation>
    </message>
    <message>
        <source> mi</source>
        <translation> mi</translation>
    </message>
    <message>
        <source>within </source>
        <translation>a menos de </translation>
    </message>
    <message>
        <source>Within how many miles</source>
        <translation>A cuántas millas como máximo</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Edad</translation>
    </message>
    <message>
        <source>Client&apos;s age</source>
        <translation>Edad del cliente</translation>
    </message>
    <message>
        <source>Client&apos;s gender</source>
        <translation>Género del cliente</translation>
    </message>
    <message>
        <source>Any gender</source>
        <translation>Cualquier género</translation>
    </message>
    <message>
        <source>Client&apos;s language</source>
        <translation>Idioma del cliente</translation>
    </message>
    <message>
        <source>The resource must say:</source>
        <translation>El recurso debe indicar:</translation>
    </message>
    <message>
        <source>Any language</source>
        <translation>Cualquier idioma</translation>
    </message>
    <message>
        <source>({count} not stated)</source>
        <translation>({count} no lo indican)</translation>
    </message>
    <message>
        <source>{fits} say so, {unknown} do not say</source>
        <translation>{fits} lo indican, {unknown} no lo dicen</translation>
    </message>
    <message>
        <source>age {age}</source>
        <translation>edad {age}</translation>
    </message>
    <message>
        <source>An age is a whole number of years, such as 15.</source>
        <translation>La edad es un número entero de años, por ejemplo 15.</translation>
    </message>
    <message>
        <source>{typed} looks like a ZIP code: type it in the ZIP code or city box; an age is a whole number from 0 to {most}.</source>
        <translation>{typed} parece un código postal: escríbalo en la casilla de código postal o ciudad; una edad es un número entero de 0 a {most}.</translation>
    </message>
</context>
<context>
    <name>Desk</name>
    <message>
        <source>The catalog was damaged, so it was rebuilt from the bundled catalog; your saved data was not touched.</source>
        <translation>El catálogo estaba dañado, así que se reconstruyó a partir del catálogo incluido; sus datos guardados no se tocaron.</translation>
    </message>
    <message>
        <source>The imported catalog version {version} was replaced by the rebuilt one; &apos;csec-catalog import --undo&apos; puts it back.</source>
        <translation>La versión importada {version} del catálogo se sustituyó por la reconstruida; «csec-catalog import --undo» la devuelve.</translation>
    </message>
    <message>
        <source>There is no backup of your saved data yet.</source>
        <translation>Todavía no hay ninguna copia de seguridad de sus datos guardados.</translation>
    </message>
    <message>
        <source>There is no backup of your saved data from {when}.</source>
        <translation>No hay ninguna copia de seguridad de sus datos guardados del {when}.</translation>
    </message>
</context>
<context>
    <name>DetailBrowser</name>
    <message>
        <source>Link: {text}</source>
        <translation>Enlace: {text}</translation>
    </message>
</context>
<context>
    <name>Details</name>
    <message>
        <source>About</source>
        <translation>Acerca del recurso</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Resumen</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contacto</translation>
    </message>
    <message>
        <source>Award</source>
        <translation>Subvención</translation>
    </message>
    <message>
        <source>Places</source>
        <translation>Lugares</translation>
    </message>
    <message>
        <source>Publication</source>
        <translation>Publicación</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Descripción general</translation>
    </message>
    <message>
        <source>Highlights</source>
        <translation>Aspectos destacados</translation>
    </message>
    <message>
        <source>Who it is for</source>
        <translation>A quién atiende</translation>
    </message>
    <message>
        <source>Related</source>
        <translation>Relacionado</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Fuentes</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Organization</source>
        <translation>Organización</translation>
    </message>
    <message>
        <source>Funder</source>
        <translation>Financiador</translation>
    </message>
    <message>
        <source>Publisher</source>
        <translation>Editor</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Categoría</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Situación</translation>
    </message>
    <message>
        <source>Service area</source>
        <translation>Área de servicio</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Llamar</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Texto</translation>
    </message>
    <message>
        <source>TTY</source>
        <translation>TTY</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <source>Report online</source>
        <translation>Denunciar en línea</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>Sitio web</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>Horario</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Idiomas</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Monto</translation>
    </message>
    <message>
        <source>Project period</source>
        <translation>Período del proyecto</translation>
    </message>
    <message>
        <source>As the source puts it</source>
        <translation>Según la fuente</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <source>Fiscal year</source>
        <translation>Año fiscal</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Sede</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Ubicación</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>Publicado</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Formato</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>Serie</translation>
    </message>
    <message>
        <source>Audiences</source>
        <translation>Públicos</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Temas</translation>
    </message>
    <message>
        <source>Ages</source>
        <translation>Edades</translation>
    </message>
    <message>
        <source>Genders</source>
        <translation>Géneros</translation>
    </message>
    <message>
        <source>Eligibility</source>
        <translation>Requisitos</translation>
    </message>
    <message>
        <source>Not stated</source>
        <translation>No se indica</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Fuente</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>Sección</translation>
    </message>
    <message>
        <source>Information verified</source>
        <translation>Información verificada</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Identificador</translation>
    </message>
    <message>
        <source>Part of</source>
        <translation>Parte de</translation>
    </message>
    <message>
        <source>Includes</source>
        <translation>Incluye</translation>
    </message>
    <message>
        <source>Site of</source>
        <translation>Sede de</translation>
    </message>
    <message>
        <source>Award of</source>
        <translation>Subvención de</translation>
    </message>
    <message>
        <source>Curriculum of</source>
        <translation>Currículo de</translation>
    </message>
    <message>
        <source>Curriculum</source>
        <translation>Currículo</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>National</source>
        <translation>Nacional</translation>
    </message>
    <message>
        <source>International</source>
        <translation>Internacional</translation>
    </message>
    <message>
        <source>Added by your agency (local resource)</source>
        <translation>Agregado por su agencia (recurso local)</translation>
    </message>
    <message>
        <source>Confidential: never printed, copied or exported</source>
        <translation>Confidencial: nunca se imprime, copia ni exporta</translation>
    </message>
    <message>
        <source>(descriptive title) the catalog&apos;s description; the source gives no name</source>
        <translation>(título descriptivo) la descripción del catálogo; la fuente no da un nombre</translation>
    </message>
    <message>
        <source>services</source>
        <translation>servicios</translation>
    </message>
    <message>
        <source>study site</source>
        <translation>sede del estudio</translation>
    </message>
    <message>
        <source>project site</source>
        <translation>sede del proyecto</translation>
    </message>
    <message>
        <source>pilot site</source>
        <translation>sede piloto</translation>
    </message>
    <message>
        <source>demonstration site</source>
        <translation>sede de demostración</translation>
    </message>
    <message>
        <source>grantee</source>
        <translation>beneficiario de la subvención</translation>
    </message>
    <message>
        <source>technical assistance</source>
        <translation>asistencia técnica</translation>
    </message>
    <message>
        <source>curriculum delivery</source>
        <translation>impartición del programa de formación</translation>
    </message>
    <message>
        <source>prevention education</source>
        <translation>educación preventiva</translation>
    </message>
    <message>
        <source>statewide</source>
        <translation>todo el estado</translation>
    </message>
    <message>
        <source>statewide expansion</source>
        <translation>ampliación a todo el estado</translation>
    </message>
    <message>
        <source>{role}</source>
        <translation>Sede ({role})</translation>
    </message>
    <message>
        <source>title</source>
        <translation>título</translation>
    </message>
    <message>
        <source>summary</source>
        <translation>resumen</translation>
    </message>
    <message>
        <source>overview</source>
        <translation>descripción general</translation>
    </message>
    <message>
        <source>highlights</source>
        <translation>aspectos destacados</translation>
    </message>
    <message>
        <source>organization</source>
        <translation>organización</translation>
    </message>
    <message>
        <source>funder</source>
        <translation>financiador</translation>
    </message>
    <message>
        <source>publisher</source>
        <translation>editor</translation>
    </message>
    <message>
        <source>status</source>
        <translation>situación</translation>
    </message>
    <message>
        <source>category</source>
        <translation>categoría</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>tipo</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>horario</translation>
    </message>
    <message>
        <source>website</source>
        <translation>sitio web</translation>
    </message>
    <message>
        <source>email</source>
        <translation>correo electrónico</translation>
    </message>
    <message>
        <source>topics</source>
        <translation>temas</translation>
    </message>
    <message>
        <source>audiences</source>
        <translation>públicos</translation>
    </message>
    <message>
        <source>award</source>
        <translation>subvención</translation>
    </message>
    <message>
        <source>places</source>
        <translation>lugares</translation>
    </message>
    <message>
        <source>who it is for</source>
        <translation>a quién atiende</translation>
    </message>
    <message>
        <source>contact</source>
        <translation>contacto</translation>
    </message>
    <message>
        <source>publication date</source>
        <translation>fecha de publicación</translation>
    </message>
    <message>
        <source>ages</source>
        <translation>edades</translation>
    </message>
    <message>
        <source>genders</source>
        <translation>géneros</translation>
    </message>
    <message>
        <source>languages</source>
        <translation>idiomas</translation>
    </message>
    <message>
        <source>{date} — older than {months} months; confirm before relying on it</source>
        <translation>{date} — hace más de {months} meses; confírmelo antes de usarlo</translation>
    </message>
    <message>
        <source>{age} or younger</source>
        <translation>{age} años o menos</translation>
    </message>
    <message>
        <source>{age} or older</source>
        <translation>{age} años o más</translation>
    </message>
    <message>
        <source>Jan</source>
        <translation>ene</translation>
    </message>
    <message>
        <source>Feb</source>
        <translation>feb</translation>
    </message>
    <message>
        <source>Mar</source>
        <translation>mar</translation>
    </message>
    <message>
        <source>Apr</source>
        <translation>abr</translation>
    </message>
    <message>
        <source>May</source>
        <translation>may</translation>
    </message>
    <message>
        <source>Jun</source>
        <translation>jun</translation>
    </message>
    <message>
        <source>Jul</source>
        <translation>jul</translation>
    </message>
    <message>
        <source>Aug</source>
        <translation>ago</translation>
    </message>
    <message>
        <source>Sep</source>
        <translation>sept</translation>
    </message>
    <message>
        <source>Oct</source>
        <translation>oct</translation>
    </message>
    <message>
        <source>Nov</source>
        <translation>nov</translation>
    </message>
    <message>
        <source>Dec</source>
        <translation>dic</translation>
    </message>
</context>
<context>
    <name>DetailsController</name>
    <message>
        <source>Your own notes about this resource — do not enter anything that identifies a client.</source>
        <translation>Sus propias notas sobre este recurso: no escriba nada que identifique a un cliente.</translation>
    </message>
    <message>
        <source>Choose a result to see its details.</source>
        <translation>Elija un resultado para ver sus detalles.</translation>
    </message>
    <message>
        <source>Details copied</source>
        <translation>Detalles copiados</translation>
    </message>
    <message>
        <source>★ Favorite</source>
        <translation>★ Favorito</translation>
    </message>
    <message>
        <source>☆ Favorite</source>
        <translation>☆ Favorito</translation>
    </message>
</context>
<context>
    <name>FacetPanel</name>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Tema</translation>
    </message>
    <message>
        <source>Audience</source>
        <translation>Público</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Organization</source>
        <translation>Organización</translation>
    </message>
    <message>
        <source>Funder</source>
        <translation>Financiador</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Situación</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>Origen</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>Año</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>Filtros</translation>
    </message>
    <message>
        <source>Year from</source>
        <translation>Desde el año</translation>
    </message>
    <message>
        <source>Year to</source>
        <translation>Hasta el año</translation>
    </message>
    <message>
        <source>All years</source>
        <translation>Todos los años</translation>
    </message>
    <message>
        <source>to</source>
        <translation>a</translation>
    </message>
    <message>
        <source>1 result</source>
        <translation>1 resultado</translation>
    </message>
    <message>
        <source>{count} results</source>
        <translation>{count} resultados</translation>
    </message>
    <message>
        <source>Show {count} more…</source>
        <translation>Mostrar {count} más…</translation>
    </message>
    <message>
        <source>Show {count} more values of {facet}</source>
        <translation>Mostrar {count} valores más de {facet}</translation>
    </message>
    <message>
        <source>Show fewer</source>
        <translation>Mostrar menos</translation>
    </message>
    <message>
        <source>Show fewer values of {facet}</source>
        <translation>Mostrar menos valores de {facet}</translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <source>Ctrl+F, Ctrl+K or /</source>
        <translation>Ctrl+F, Ctrl+K o /</translation>
    </message>
    <message>
        <source>Go to the search field</source>
        <translation>Ir al campo de búsqueda</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>Clear the search field</source>
        <translation>Borrar el campo de búsqueda</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Intro</translation>
    </message>
    <message>
        <source>Run the search now and remember it</source>
        <translation>Buscar ahora y recordar la búsqueda</translation>
    </message>
    <message>
        <source>Alt+Left / Alt+Right</source>
        <translation>Alt+Izquierda / Alt+Derecha</translation>
    </message>
    <message>
        <source>Back / forward through the resources viewed</source>
        <translation>Atrás / adelante por los recursos vistos</translation>
    </message>
    <message>
        <source>Ctrl+S</source>
        <translation>Ctrl+S</translation>
    </message>
    <message>
        <source>Save the search</source>
        <translation>Guardar la búsqueda</translation>
    </message>
    <message>
        <source>↓</source>
        <translation>↓</translation>
    </message>
    <message>
        <source>From the search field into the results</source>
        <translation>Del campo de búsqueda a los resultados</translation>
    </message>
    <message>
        <source>F2</source>
        <translation>F2</translation>
    </message>
    <message>
        <source>Show or hide the hotlines</source>
        <translation>Mostrar u ocultar las líneas de ayuda</translation>
    </message>
    <message>
        <source>F3</source>
        <translation>F3</translation>
    </message>
    <message>
        <source>Show or hide the resource sheet</source>
        <translation>Mostrar u ocultar la hoja de recursos</translation>
    </message>
    <message>
        <source>Ctrl+Shift+A</source>
        <translation>Ctrl+Mayús+A</translation>
    </message>
    <message>
        <source>Add the selected results (or the resource shown) to the sheet</source>
        <translation>Agregar a la hoja los resultados seleccionados (o el recurso que se muestra)</translation>
    </message>
    <message>
        <source>Ctrl+P / Ctrl+Shift+P</source>
        <translation>Ctrl+P / Ctrl+Mayús+P</translation>
    </message>
    <message>
        <source>Print the sheet / print preview</source>
        <translation>Imprimir la hoja / vista previa de impresión</translation>
    </message>
    <message>
        <source>Ctrl+N / Ctrl+E</source>
        <translation>Ctrl+N / Ctrl+E</translation>
    </message>
    <message>
        <source>New local resource / edit the local resource shown</source>
        <translation>Nuevo recurso local / editar el recurso local que se muestra</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>Import a catalog update</source>
        <translation>Importar una actualización del catálogo</translation>
    </message>
    <message>
        <source>Ctrl+Shift+C</source>
        <translation>Ctrl+Mayús+C</translation>
    </message>
    <message>
        <source>Copy the details as text</source>
        <translation>Copiar los detalles como texto</translation>
    </message>
    <message>
        <source>Ctrl+D</source>
        <translation>Ctrl+D</translation>
    </message>
    <message>
        <source>Star or unstar the resource shown</source>
        <translation>Marcar o desmarcar como favorito el recurso que se muestra</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>Settings: appearance, text size, old facts, language</source>
        <translation>Configuración: apariencia, tamaño del texto, datos antiguos, idioma</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>About {name}</source>
        <translation>Acerca de {name}</translation>
    </message>
    <message>
        <source>Catalog of {date}, {count} resources.</source>
        <translation>Catálogo del {date}, {count} recursos.</translation>
    </message>
    <message>
        <source>Sources: {sources}</source>
        <translation>Fuentes: {sources}</translation>
    </message>
    <message>
        <source>Everything stays on this computer: no account, no telemetry, and a link opens only when you click it.</source>
        <translation>Todo se queda en este equipo: sin cuenta, sin telemetría, y un enlace solo se abre cuando usted hace clic en él.</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
</context>
<context>
    <name>HotlinePanel</name>
    <message>
        <source>Call</source>
        <translation>Llamar</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Texto</translation>
    </message>
    <message>
        <source>TTY</source>
        <translation>TTY</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <source>Hotlines</source>
        <translation>Líneas de ayuda</translation>
    </message>
    <message>
        <source>The catalog lists no hotlines.</source>
        <translation>El catálogo no tiene líneas de ayuda.</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <source>Copy {number}</source>
        <translation>Copiar {number}</translation>
    </message>
    <message>
        <source>Copy {name}: {kind} {number}</source>
        <translation>Copiar {name}: {kind} {number}</translation>
    </message>
</context>
<context>
    <name>ListsController</name>
    <message>
        <source>Opening the catalog…</source>
        <translation>Abriendo el catálogo…</translation>
    </message>
    <message>
        <source>Save search</source>
        <translation>Guardar búsqueda</translation>
    </message>
    <message>
        <source>Name for this search:</source>
        <translation>Nombre de esta búsqueda:</translation>
    </message>
    <message>
        <source>Saved the search “{name}”</source>
        <translation>Se guardó la búsqueda “{name}”</translation>
    </message>
    <message>
        <source>{id} (no longer in the catalog)</source>
        <translation>{id} (ya no está en el catálogo)</translation>
    </message>
    <message>
        <source>No favorites yet: star a resource with Ctrl+D</source>
        <translation>Aún no hay favoritos: marque un recurso con Ctrl+D</translation>
    </message>
    <message>
        <source>(everything)</source>
        <translation>(todo)</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Guardadas</translation>
    </message>
    <message>
        <source>No saved searches</source>
        <translation>No hay búsquedas guardadas</translation>
    </message>
    <message>
        <source>&amp;Delete saved search</source>
        <translation>&amp;Eliminar búsqueda guardada</translation>
    </message>
    <message>
        <source>Recent</source>
        <translation>Recientes</translation>
    </message>
    <message>
        <source>No recent searches</source>
        <translation>No hay búsquedas recientes</translation>
    </message>
</context>
<context>
    <name>LocalResourceDialog</name>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Text / SMS</source>
        <translation>Texto / SMS</translation>
    </message>
    <message>
        <source>TTY</source>
        <translation>TTY</translation>
    </message>
    <message>
        <source>Do not enter client-identifying information. Describe the service, not the people it helped.</source>
        <translation>No escriba información que identifique a un cliente. Describa el servicio, no a las personas que atendió.</translation>
    </message>
    <message>
        <source>Edit local resource</source>
        <translation>Editar recurso local</translation>
    </message>
    <message>
        <source>New local resource</source>
        <translation>Nuevo recurso local</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(ninguna)</translation>
    </message>
    <message>
        <source>24/7, or Mon–Fri 9–5</source>
        <translation>24/7, o lun–vie 9–5</translation>
    </message>
    <message>
        <source>Albany, NY; Troy, NY</source>
        <translation>Albany, NY; Troy, NY</translation>
    </message>
    <message>
        <source>Confidential location (a shelter, a safe house)</source>
        <translation>Ubicación confidencial (un albergue, una casa segura)</translation>
    </message>
    <message>
        <source>Kept on this desk only; sheets, exports and Copy say “call for the location”.</source>
        <translation>Solo se guarda en este equipo; las hojas, las exportaciones y Copiar dicen “llame para conocer la ubicación”.</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>AAAA-MM-DD</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Situación</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Resumen</translation>
    </message>
    <message>
        <source>Organization</source>
        <translation>Organización</translation>
    </message>
    <message>
        <source>Contact hours</source>
        <translation>Horario de atención</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>Sitio web</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <source>Places (city, state)</source>
        <translation>Lugares (ciudad, estado)</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Temas</translation>
    </message>
    <message>
        <source>Audiences</source>
        <translation>Públicos</translation>
    </message>
    <message>
        <source>Last verified</source>
        <translation>Última verificación</translation>
    </message>
</context>
<context>
    <name>LocalResourceForm</name>
    <message>
        <source>Use a US phone number, such as 518-555-0101, or a three-digit line such as 988.</source>
        <translation>Use un número de teléfono de EE. UU., como 518-555-0101, o una línea de tres dígitos, como 988.</translation>
    </message>
    <message>
        <source>Use a short code of 3 to 6 digits, or a US phone number such as 518-555-0101.</source>
        <translation>Use un código corto de 3 a 6 dígitos o un número de teléfono de EE. UU., como 518-555-0101.</translation>
    </message>
    <message>
        <source>Use a US phone number, such as 518-555-0101, or a three-digit line such as 711.</source>
        <translation>Use un número de teléfono de EE. UU., como 518-555-0101, o una línea de tres dígitos, como 711.</translation>
    </message>
    <message>
        <source>Use a web address that starts with https://, such as https://example.org.</source>
        <translation>Use una dirección web que empiece por https://, como https://example.org.</translation>
    </message>
    <message>
        <source>Use an email address, such as help@example.org.</source>
        <translation>Use una dirección de correo electrónico, como help@example.org.</translation>
    </message>
    <message>
        <source>Use a city and a two-letter state, such as Albany, NY; separate places with “;”.</source>
        <translation>Use una ciudad y un estado de dos letras, como Albany, NY; separe los lugares con «;».</translation>
    </message>
    <message>
        <source>Use a date such as 2026-11-23, or a month (2026-11) or a year (2026).</source>
        <translation>Use una fecha como 2026-11-23, o un mes (2026-11) o un año (2026).</translation>
    </message>
    <message>
        <source>Enter a title: the name people know the service by.</source>
        <translation>Escriba un título: el nombre con el que se conoce el servicio.</translation>
    </message>
    <message>
        <source>Enter a short summary of what the service offers.</source>
        <translation>Escriba un breve resumen de lo que ofrece el servicio.</translation>
    </message>
    <message>
        <source>Enter when these facts were last confirmed, such as 2026-11-23.</source>
        <translation>Indique cuándo se confirmaron estos datos por última vez, por ejemplo 2026-11-23.</translation>
    </message>
    <message>
        <source>Enter a value here.</source>
        <translation>Escriba un valor aquí.</translation>
    </message>
    <message>
        <source>Remove the invisible control or text-direction characters (type it again).</source>
        <translation>Quite los caracteres invisibles de control o de dirección del texto (vuelva a escribirlo).</translation>
    </message>
    <message>
        <source>Keep this on one line.</source>
        <translation>Escríbalo en una sola línea.</translation>
    </message>
    <message>
        <source>This is {length} characters long; keep it to {limit} or fewer.</source>
        <translation>Tiene {length} caracteres; no pase de {limit}.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Search programs, trainings, hotlines, publications…</source>
        <translation>Buscar programas, capacitaciones, líneas de ayuda, publicaciones…</translation>
    </message>
    <message>
        <source>Show or hide the hotlines</source>
        <translation>Mostrar u ocultar las líneas de ayuda</translation>
    </message>
    <message>
        <source>Show or hide the resource sheet</source>
        <translation>Mostrar u ocultar la hoja de recursos</translation>
    </message>
    <message>
        <source>&amp;New local resource…</source>
        <translation>&amp;Nuevo recurso local…</translation>
    </message>
    <message>
        <source>&amp;Edit local resource…</source>
        <translation>&amp;Editar recurso local…</translation>
    </message>
    <message>
        <source>&amp;Delete local resource…</source>
        <translation>E&amp;liminar recurso local…</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>Borrar la búsqueda</translation>
    </message>
    <message>
        <source>☎ Hotlines</source>
        <translation>☎ Líneas de ayuda</translation>
    </message>
    <message>
        <source>Show or hide the hotlines (F2)</source>
        <translation>Mostrar u ocultar las líneas de ayuda (F2)</translation>
    </message>
    <message>
        <source>Show or hide the resource sheet (F3)</source>
        <translation>Mostrar u ocultar la hoja de recursos (F3)</translation>
    </message>
    <message>
        <source>Back to the previous resource (Alt+Left)</source>
        <translation>Volver al recurso anterior (Alt+Izquierda)</translation>
    </message>
    <message>
        <source>Forward to the next resource (Alt+Right)</source>
        <translation>Avanzar al recurso siguiente (Alt+Derecha)</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>Adelante</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
    <message>
        <source>☆ Favorite</source>
        <translation>☆ Favorito</translation>
    </message>
    <message>
        <source>Favorite</source>
        <translation>Favorito</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <source>Copy the details as text (Ctrl+Shift+C)</source>
        <translation>Copiar los detalles como texto (Ctrl+Mayús+C)</translation>
    </message>
    <message>
        <source>Copy details as text</source>
        <translation>Copiar detalles como texto</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <source>+ Sheet</source>
        <translation>+ Hoja</translation>
    </message>
    <message>
        <source>Add to the resource sheet (Ctrl+Shift+A)</source>
        <translation>Agregar a la hoja de recursos (Ctrl+Mayús+A)</translation>
    </message>
    <message>
        <source>Add to the resource sheet</source>
        <translation>Agregar a la hoja de recursos</translation>
    </message>
    <message>
        <source>Hotlines</source>
        <translation>Líneas de ayuda</translation>
    </message>
    <message>
        <source>Resource sheet</source>
        <translation>Hoja de recursos</translation>
    </message>
    <message>
        <source>&amp;Add to sheet</source>
        <translation>&amp;Agregar a la hoja</translation>
    </message>
    <message>
        <source>Add &amp;favorites to sheet</source>
        <translation>Agregar &amp;favoritos a la hoja</translation>
    </message>
    <message>
        <source>&amp;Print sheet…</source>
        <translation>&amp;Imprimir hoja…</translation>
    </message>
    <message>
        <source>Print pre&amp;view of sheet…</source>
        <translation>&amp;Vista previa de la hoja…</translation>
    </message>
    <message>
        <source>Save sheet as P&amp;DF…</source>
        <translation>Guardar hoja como P&amp;DF…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>Import &amp;partner directory…</source>
        <translation>Importar directorio de una &amp;organización asociada…</translation>
    </message>
    <message>
        <source>&amp;Import catalog update…</source>
        <translation>Importar actualización del &amp;catálogo…</translation>
    </message>
    <message>
        <source>&amp;Undo last catalog update…</source>
        <translation>Des&amp;hacer la última actualización del catálogo…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <source>&amp;Copy details as text</source>
        <translation>&amp;Copiar detalles como texto</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>&amp;Buscar</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>Co&amp;nfiguración…</translation>
    </message>
    <message>
        <source>&amp;Agency server…</source>
        <translation>Servidor de la a&amp;gencia…</translation>
    </message>
    <message>
        <source>S&amp;ync with agency server</source>
        <translation>S&amp;incronizar con el servidor de la agencia</translation>
    </message>
    <message>
        <source>&amp;Searches</source>
        <translation>&amp;Búsquedas</translation>
    </message>
    <message>
        <source>&amp;Save search…</source>
        <translation>&amp;Guardar búsqueda…</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Ir</translation>
    </message>
    <message>
        <source>&amp;Favorites</source>
        <translation>&amp;Favoritos</translation>
    </message>
    <message>
        <source>Agency &amp;lists</source>
        <translation>&amp;Listas de la agencia</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Hotlines</source>
        <translation>&amp;Líneas de ayuda</translation>
    </message>
    <message>
        <source>Resource &amp;sheet</source>
        <translation>&amp;Hoja de recursos</translation>
    </message>
    <message>
        <source>&amp;Filters</source>
        <translation>&amp;Filtros</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ay&amp;uda</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>Atajos de &amp;teclado</translation>
    </message>
    <message>
        <source>&amp;About CSEC Resource Desk</source>
        <translation>&amp;Acerca de CSEC Resource Desk</translation>
    </message>
    <message>
        <source>{count} resources · catalog {date} · all data local</source>
        <translation>{count} recursos · catálogo {date} · todos los datos en este equipo</translation>
    </message>
</context>
<context>
    <name>Partners</name>
    <message>
        <source>{name} holds no HSDS services: it is neither a list of services, nor a page of them (&apos;contents&apos;), nor one service object.</source>
        <translation>{name} no contiene servicios HSDS: no es una lista de servicios, ni una página de ellos («contents»), ni un objeto de servicio.</translation>
    </message>
    <message>
        <source>{name} is {size} MB, larger than the {most} MB an HSDS JSON file may be; ask the partner for an HSDS package (CSV tables, or a zip of them) instead.</source>
        <translation>{name} ocupa {size} MB, más de los {most} MB que puede ocupar un archivo HSDS JSON; pida a la entidad colaboradora un paquete HSDS (tablas CSV o un zip de ellas).</translation>
    </message>
    <message>
        <source>{name} cannot be read ({problem}).</source>
        <translation>No se puede leer {name} ({problem}).</translation>
    </message>
    <message>
        <source>{name} is not HSDS JSON: it is not UTF-8 text (byte {byte}).</source>
        <translation>{name} no es HSDS JSON: no es texto UTF-8 (byte {byte}).</translation>
    </message>
    <message>
        <source>{name} is a web page, not HSDS JSON (perhaps a login or error page saved instead of the API&apos;s answer).</source>
        <translation>{name} es una página web, no HSDS JSON (quizá se guardó una página de inicio de sesión o de error en lugar de la respuesta de la API).</translation>
    </message>
    <message>
        <source>{name} is XML, not HSDS JSON (perhaps a login or error page saved instead of the API&apos;s answer).</source>
        <translation>{name} es XML, no HSDS JSON (quizá se guardó una página de inicio de sesión o de error en lugar de la respuesta de la API).</translation>
    </message>
    <message>
        <source>{name} is not valid JSON ({problem} at line {line} column {column}).</source>
        <translation>{name} no es JSON válido ({problem} en la línea {line}, columna {column}).</translation>
    </message>
    <message>
        <source>{name} is nested too deeply to be HSDS JSON.</source>
        <translation>{name} tiene demasiados niveles anidados para ser HSDS JSON.</translation>
    </message>
    <message>
        <source>HSDS package</source>
        <translation>paquete HSDS</translation>
    </message>
    <message>
        <source>CSV file</source>
        <translation>archivo CSV</translation>
    </message>
    <message>
        <source>HSDS JSON</source>
        <translation>HSDS JSON</translation>
    </message>
    <message>
        <source>No resource could be read from it.</source>
        <translation>No se pudo leer ningún recurso.</translation>
    </message>
    <message>
        <source>A CSV file is imported only when every row reads without a problem.</source>
        <translation>Un archivo CSV solo se importa cuando todas sus filas se leen sin problemas.</translation>
    </message>
    <message>
        <source>{name} is not a partner directory: choose an HSDS package (its folder&apos;s datapackage.json, or a zip), a CSV file in the export&apos;s columns, or HSDS JSON.</source>
        <translation>{name} no es un directorio de una entidad colaboradora: elija un paquete HSDS (el datapackage.json de su carpeta, o un zip), un archivo CSV con las columnas de la exportación, o HSDS JSON.</translation>
    </message>
    <message>
        <source>There is no file or folder {path}.</source>
        <translation>No existe el archivo o la carpeta {path}.</translation>
    </message>
    <message>
        <source>{name} cannot be imported. {why}</source>
        <translation>No se puede importar {name}. {why}</translation>
    </message>
</context>
<context>
    <name>Places</name>
    <message>
        <source>within {miles} miles of {place}</source>
        <translation>a menos de {miles} millas de {place}</translation>
    </message>
    <message>
        <source>A distance must be between 1 and {most} miles.</source>
        <translation>La distancia debe estar entre 1 y {most} millas.</translation>
    </message>
    <message>
        <source>Type a 5-digit ZIP code or a city and state, such as 30303.</source>
        <translation>Escriba un código postal de 5 dígitos o una ciudad y un estado, por ejemplo 30303.</translation>
    </message>
    <message>
        <source>That is too long for a place: type a ZIP code or a city and state.</source>
        <translation>Es demasiado largo para un lugar: escriba un código postal o una ciudad y un estado.</translation>
    </message>
    <message>
        <source>“{city}, {state}” is not a US city this desk knows; try its ZIP code or a nearby larger city.</source>
        <translation>«{city}, {state}» no es una ciudad de EE. UU. que este programa conozca; pruebe con su código postal o con una ciudad más grande cercana.</translation>
    </message>
    <message>
        <source>“{code}” is not a ZIP code: a ZIP code has 5 digits.</source>
        <translation>«{code}» no es un código postal: un código postal tiene 5 dígitos.</translation>
    </message>
    <message>
        <source>There is no US ZIP code {code}.</source>
        <translation>No existe el código postal {code} en EE. UU.</translation>
    </message>
    <message>
        <source>Type a city in {state}, or a ZIP code, to measure from.</source>
        <translation>Escriba una ciudad de {state}, o un código postal, desde donde medir la distancia.</translation>
    </message>
    <message>
        <source>There is a {city} in {states}: add the state, such as “{city}, {first}”.</source>
        <translation>Hay una ciudad llamada {city} en {states}: añada el estado, por ejemplo «{city}, {first}».</translation>
    </message>
    <message>
        <source>Add the state to “{place}” (such as “{place}, GA”), or type a 5-digit ZIP code.</source>
        <translation>Añada el estado a «{place}» (por ejemplo «{place}, GA») o escriba un código postal de 5 dígitos.</translation>
    </message>
    <message>
        <source>National</source>
        <translation>Nacional</translation>
    </message>
    <message>
        <source>International</source>
        <translation>Internacional</translation>
    </message>
    <message>
        <source>Statewide</source>
        <translation>Estatal</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <source>{name} ({kind}): {added} would be added as local resources, {changed} changed (imported before).</source>
        <translation>{name} ({kind}): se agregarían {added} como recursos locales y cambiarían {changed} (importados antes).</translation>
    </message>
    <message>
        <source>{count} problem(s), each saying what was left out or ignored.</source>
        <translation>{count} problema(s); cada uno indica qué se omitió o se ignoró.</translation>
    </message>
    <message>
        <source>No problems.</source>
        <translation>Sin problemas.</translation>
    </message>
    <message>
        <source>Each list shows its first {listed}.</source>
        <translation>Cada lista muestra sus primeras {listed} filas.</translation>
    </message>
    <message>
        <source>⚠ Nothing can be imported. {why}</source>
        <translation>⚠ No se puede importar nada. {why}</translation>
    </message>
    <message>
        <source>You can undo the import when it is done.</source>
        <translation>Puede deshacer la importación cuando termine.</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Local id</source>
        <translation>Identificador local</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Resources the import adds or changes</source>
        <translation>Recursos que la importación agrega o cambia</translation>
    </message>
    <message>
        <source>File and row</source>
        <translation>Archivo y fila</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problema</translation>
    </message>
    <message>
        <source>Problems, with their file and row</source>
        <translation>Problemas, con su archivo y fila</translation>
    </message>
    <message>
        <source>Add {count} as local resources</source>
        <translation>Agregar {count} como recursos locales</translation>
    </message>
    <message>
        <source>Resources</source>
        <translation>Recursos</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Problemas</translation>
    </message>
</context>
<context>
    <name>ResultsModel</name>
    <message>
        <source>Old facts, check before passing on:</source>
        <translation>Datos antiguos, verifíquelos antes de compartirlos:</translation>
    </message>
    <message>
        <source>Program</source>
        <translation>Programa</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Capacitación</translation>
    </message>
    <message>
        <source>Hotline</source>
        <translation>Línea de ayuda</translation>
    </message>
    <message>
        <source>Publication</source>
        <translation>Publicación</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>Sitio web</translation>
    </message>
    <message>
        <source>Organization</source>
        <translation>Organización</translation>
    </message>
    <message>
        <source>verified {date}</source>
        <translation>verificado {date}</translation>
    </message>
</context>
<context>
    <name>ResultsPane</name>
    <message>
        <source>Sort results</source>
        <translation>Ordenar resultados</translation>
    </message>
    <message>
        <source>Clear all</source>
        <translation>Quitar todos</translation>
    </message>
    <message>
        <source>Clear all filters</source>
        <translation>Quitar todos los filtros</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Resultados</translation>
    </message>
    <message>
        <source>Sort:</source>
        <translation>Ordenar:</translation>
    </message>
</context>
<context>
    <name>SearchController</name>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Nothing matches.&lt;/b&gt; Try fewer or other words, check the spelling, or clear the filters.&lt;/p&gt;&lt;p&gt;Search tips:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;code&gt;mentoring new york&lt;/code&gt;: resources with every word first, those in New York before others&lt;/li&gt;&lt;li&gt;&lt;code&gt;&quot;safe harbor&quot;&lt;/code&gt;: the exact phrase&lt;/li&gt;&lt;li&gt;&lt;code&gt;shelter -adult&lt;/code&gt;: leave out a word&lt;/li&gt;&lt;li&gt;&lt;code&gt;runaway OR homeless&lt;/code&gt;: either word&lt;/li&gt;&lt;li&gt;&lt;code&gt;kind:hotline&lt;/code&gt;, &lt;code&gt;state:NY&lt;/code&gt;, &lt;code&gt;year:2010-2014&lt;/code&gt;, &lt;code&gt;org:gems&lt;/code&gt;, &lt;code&gt;topic:mentoring&lt;/code&gt;: filters&lt;/li&gt;&lt;li&gt;&lt;code&gt;traff&lt;/code&gt;: the last word may be the start of a word&lt;/li&gt;&lt;/ul&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;No hay coincidencias.&lt;/b&gt; Pruebe con menos palabras o con otras, revise la ortografía o quite los filtros.&lt;/p&gt;&lt;p&gt;Consejos de búsqueda (las palabras del catálogo están en inglés):&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;code&gt;mentoring new york&lt;/code&gt;: primero los recursos con todas las palabras, los de Nueva York antes que los demás&lt;/li&gt;&lt;li&gt;&lt;code&gt;&quot;safe harbor&quot;&lt;/code&gt;: la frase exacta&lt;/li&gt;&lt;li&gt;&lt;code&gt;shelter -adult&lt;/code&gt;: excluir una palabra&lt;/li&gt;&lt;li&gt;&lt;code&gt;runaway OR homeless&lt;/code&gt;: cualquiera de las dos palabras&lt;/li&gt;&lt;li&gt;&lt;code&gt;kind:hotline&lt;/code&gt;, &lt;code&gt;state:NY&lt;/code&gt;, &lt;code&gt;year:2010-2014&lt;/code&gt;, &lt;code&gt;org:gems&lt;/code&gt;, &lt;code&gt;topic:mentoring&lt;/code&gt;: filtros&lt;/li&gt;&lt;li&gt;&lt;code&gt;traff&lt;/code&gt;: la última palabra puede ser el comienzo de una palabra&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
        <source>Relevance</source>
        <translation>Relevancia</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>Last verified</source>
        <translation>Última verificación</translation>
    </message>
    <message>
        <source> · sorted by relevance</source>
        <translation> · ordenados por relevancia</translation>
    </message>
    <message>
        <source> · sorted by title</source>
        <translation> · ordenados por título</translation>
    </message>
    <message>
        <source> · sorted by date</source>
        <translation> · ordenados por fecha</translation>
    </message>
    <message>
        <source> · sorted by last verified</source>
        <translation> · ordenados por última verificación</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Buscando…</translation>
    </message>
    <message>
        <source>The catalog could not be searched.</source>
        <translation>No se pudo buscar en el catálogo.</translation>
    </message>
    <message>
        <source>1 result</source>
        <translation>1 resultado</translation>
    </message>
    <message>
        <source>{count} results</source>
        <translation>{count} resultados</translation>
    </message>
    <message>
        <source> · nearest first</source>
        <translation> · los más cercanos primero</translation>
    </message>
    <message>
        <source>No results</source>
        <translation>Sin resultados</translation>
    </message>
    <message>
        <source>Remove the filter {title}: {label}</source>
        <translation>Quitar el filtro {title}: {label}</translation>
    </message>
    <message>
        <source>Remove filter {title}: {label}</source>
        <translation>Quitar filtro {title}: {label}</translation>
    </message>
    <message>
        <source>Showing results for &lt;b&gt;{text}&lt;/b&gt;</source>
        <translation>Se muestran resultados para &lt;b&gt;{text}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Did you mean &lt;a href=&quot;suggest&quot;&gt;{text}&lt;/a&gt;?</source>
        <translation>¿Quiso decir &lt;a href=&quot;suggest&quot;&gt;{text}&lt;/a&gt;?</translation>
    </message>
</context>
<context>
    <name>SearchNotices</name>
    <message>
        <source>Type a word that describes the help you need.</source>
        <translation>Escriba una palabra que describa la ayuda que necesita.</translation>
    </message>
    <message>
        <source>Programs</source>
        <translation>programas</translation>
    </message>
    <message>
        <source>Trainings</source>
        <translation>capacitaciones</translation>
    </message>
    <message>
        <source>Hotlines</source>
        <translation>líneas de ayuda</translation>
    </message>
    <message>
        <source>Publications</source>
        <translation>publicaciones</translation>
    </message>
    <message>
        <source>Websites</source>
        <translation>sitios web</translation>
    </message>
    <message>
        <source>Organizations</source>
        <translation>organizaciones</translation>
    </message>
    <message>
        <source>{kinds} first.</source>
        <translation>Primero se muestran: {kinds}.</translation>
    </message>
    <message>
        <source>No resource matches all of {typed} — showing those that match {kept}.</source>
        <translation>Ningún recurso coincide con todas las palabras de {typed}: se muestran los que coinciden con {kept}.</translation>
    </message>
    <message>
        <source>No resource matches all of {typed} — showing those that fit what you asked for.</source>
        <translation>Ningún recurso coincide con todas las palabras de {typed}: se muestran los que se ajustan a lo que pidió.</translation>
    </message>
    <message>
        <source>Only one resource matches all of {typed}; the others shown match fewer of its words.</source>
        <translation>Solo un recurso coincide con todas las palabras de {typed}; los demás coinciden con menos palabras.</translation>
    </message>
    <message>
        <source>Only {count} match all of {typed}; the others shown match fewer of its words.</source>
        <translation>Solo {count} coinciden con todas las palabras de {typed}; los demás coinciden con menos palabras.</translation>
    </message>
    <message>
        <source>Resources in {place} first, then national ones.</source>
        <translation>Primero los recursos de {place}, luego los nacionales.</translation>
    </message>
    <message>
        <source>Nothing in {place} itself — resources in {state} first, then national ones.</source>
        <translation>No hay nada en {place} mismo: primero los recursos de {state}, luego los nacionales.</translation>
    </message>
    <message>
        <source>Nothing in {place} — national resources shown.</source>
        <translation>No hay nada en {place}: se muestran los recursos nacionales.</translation>
    </message>
    <message>
        <source>Nearest to {where} first ({count} within {miles} miles).</source>
        <translation>Primero los más cercanos a {where}: {count} a menos de {miles} millas.</translation>
    </message>
    <message>
        <source>Nearest to {where} first ({count} within {miles} miles), then {then}.</source>
        <translation>Primero los más cercanos a {where}: {count} a menos de {miles} millas; luego, {then}.</translation>
    </message>
    <message>
        <source>Nothing within {miles} miles of {where}.</source>
        <translation>No hay nada a menos de {miles} millas de {where}.</translation>
    </message>
    <message>
        <source>Nothing within {miles} miles of {where} — showing {then}.</source>
        <translation>No hay nada a menos de {miles} millas de {where}: se muestran {then}.</translation>
    </message>
    <message>
        <source>{count} for all of {state}</source>
        <translation>{count} para todo {state}</translation>
    </message>
    <message>
        <source>{count} national</source>
        <translation>{count} de alcance nacional</translation>
    </message>
    <message>
        <source>{count} whose place is not stated</source>
        <translation>{count} sin lugar indicado</translation>
    </message>
</context>
<context>
    <name>Sentences</name>
    <message>
        <source>{items} and {last}</source>
        <translation>{items} y {last}</translation>
    </message>
</context>
<context>
    <name>SettingsController</name>
    <message>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <source>{error} They apply until you close the window.</source>
        <translation>{error} Se aplican hasta que cierre la ventana.</translation>
    </message>
    <message>
        <source>The new language takes effect the next time you start the desk.</source>
        <translation>El nuevo idioma se aplicará la próxima vez que abra el programa.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Apariencia</translation>
    </message>
    <message>
        <source>&amp;Appearance:</source>
        <translation>&amp;Apariencia:</translation>
    </message>
    <message>
        <source>Same as the system</source>
        <translation>Igual que el sistema</translation>
    </message>
    <message>
        <source>{size} pt</source>
        <translation>{size} pt</translation>
    </message>
    <message>
        <source>Text size</source>
        <translation>Tamaño del texto</translation>
    </message>
    <message>
        <source>&amp;Text size:</source>
        <translation>&amp;Tamaño del texto:</translation>
    </message>
    <message>
        <source> months</source>
        <translation> meses</translation>
    </message>
    <message>
        <source>Warn when facts were last verified longer ago than</source>
        <translation>Avisar cuando los datos se verificaron por última vez hace más de</translation>
    </message>
    <message>
        <source>&amp;Warn about facts older than:</source>
        <translation>A&amp;visar sobre datos con más de:</translation>
    </message>
    <message>
        <source>Language of the window</source>
        <translation>Idioma de la ventana</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Idioma:</translation>
    </message>
    <message>
        <source>Resources whose facts were last verified longer ago than this are marked ⚠ in their details, so that you check them before passing them on. A new language takes effect the next time you start the desk.</source>
        <translation>Los recursos cuyos datos se verificaron por última vez hace más de este tiempo se marcan con ⚠ en sus detalles, para que los revise antes de compartirlos. Un nuevo idioma se aplica la próxima vez que abra el programa.</translation>
    </message>
    <message>
        <source>Agency server</source>
        <translation>Servidor de la agencia</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Claro</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Oscuro</translation>
    </message>
</context>
<context>
    <name>SheetController</name>
    <message>
        <source>▤ Sheet ({count})</source>
        <translation>▤ Hoja ({count})</translation>
    </message>
    <message>
        <source>Added 1 resource to the sheet.</source>
        <translation>Se agregó 1 recurso a la hoja.</translation>
    </message>
    <message>
        <source>Added {count} resources to the sheet.</source>
        <translation>Se agregaron {count} recursos a la hoja.</translation>
    </message>
    <message>
        <source>({count} already on it)</source>
        <translation>({count} ya estaban en ella)</translation>
    </message>
</context>
<context>
    <name>SheetList</name>
    <message>
        <source>Resources on the sheet</source>
        <translation>Recursos en la hoja</translation>
    </message>
</context>
<context>
    <name>SheetPanel</name>
    <message>
        <source>Do not enter client-identifying information.</source>
        <translation>No escriba información que identifique a un cliente.</translation>
    </message>
    <message>
        <source>Add resources to the sheet first: select results and choose Add to sheet.</source>
        <translation>Primero agregue recursos a la hoja: seleccione resultados y elija Agregar a la hoja.</translation>
    </message>
    <message>
        <source>Title, e.g. Help in Miami</source>
        <translation>Título, p. ej., Ayuda en Miami</translation>
    </message>
    <message>
        <source>Sheet title</source>
        <translation>Título de la hoja</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>Subir</translation>
    </message>
    <message>
        <source>Move up (Ctrl+Up)</source>
        <translation>Subir (Ctrl+Arriba)</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>Bajar</translation>
    </message>
    <message>
        <source>Move down (Ctrl+Down)</source>
        <translation>Bajar (Ctrl+Abajo)</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <source>Remove from the sheet (Delete)</source>
        <translation>Quitar de la hoja (Supr)</translation>
    </message>
    <message>
        <source>Agency name</source>
        <translation>Nombre de la agencia</translation>
    </message>
    <message>
        <source>Agency phone</source>
        <translation>Teléfono de la agencia</translation>
    </message>
    <message>
        <source>Agency address</source>
        <translation>Dirección de la agencia</translation>
    </message>
    <message>
        <source>Agency header</source>
        <translation>Encabezado de la agencia</translation>
    </message>
    <message>
        <source>Kept for every sheet.</source>
        <translation>Se conserva para todas las hojas.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>A note printed under the title</source>
        <translation>Una nota que se imprime bajo el título</translation>
    </message>
    <message>
        <source>Sheet note</source>
        <translation>Nota de la hoja</translation>
    </message>
    <message>
        <source>Hotlines block</source>
        <translation>Bloque de líneas de ayuda</translation>
    </message>
    <message>
        <source>Large print</source>
        <translation>Letra grande</translation>
    </message>
    <message>
        <source>QR codes for web addresses</source>
        <translation>Códigos QR para direcciones web</translation>
    </message>
    <message>
        <source>Discreet: for a youth</source>
        <translation>Discreta: para un joven</translation>
    </message>
    <message>
        <source>A neutral title and neutral names only; resources without a discreet name are left off, and you are told which.</source>
        <translation>Solo un título y nombres neutros; los recursos sin nombre discreto se omiten, y se le indica cuáles.</translation>
    </message>
    <message>
        <source>Compact</source>
        <translation>Compacta</translation>
    </message>
    <message>
        <source>Detailed (with summaries)</source>
        <translation>Detallada (con resúmenes)</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>Carta</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>Opciones</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>Diseño</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Etiquetas</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>Papel</translation>
    </message>
    <message>
        <source>Preview…</source>
        <translation>Vista previa…</translation>
    </message>
    <message>
        <source>See the pages before printing</source>
        <translation>Ver las páginas antes de imprimir</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Imprimir…</translation>
    </message>
    <message>
        <source>Print the sheet</source>
        <translation>Imprimir la hoja</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>Guardar como PDF…</translation>
    </message>
    <message>
        <source>Save the sheet as PDF</source>
        <translation>Guardar la hoja como PDF</translation>
    </message>
    <message>
        <source>Saving the PDF</source>
        <translation>Guardando el PDF</translation>
    </message>
    <message>
        <source>Saved sheets</source>
        <translation>Hojas guardadas</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>Guardar como…</translation>
    </message>
    <message>
        <source>Keep this sheet under a name</source>
        <translation>Guardar esta hoja con un nombre</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Abrir</translation>
    </message>
    <message>
        <source>Open the chosen saved sheet</source>
        <translation>Abrir la hoja guardada elegida</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Eliminar</translation>
    </message>
    <message>
        <source>Delete the chosen saved sheet</source>
        <translation>Eliminar la hoja guardada elegida</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Resources (drag or Ctrl+Up/Down to reorder)</source>
        <translation>Recursos (arrastre o use Ctrl+Arriba/Abajo para reordenar)</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <source>⚠ Missing from the catalog: {id}</source>
        <translation>⚠ No está en el catálogo: {id}</translation>
    </message>
    <message>
        <source>A PDF is still being saved; wait for it to finish.</source>
        <translation>Todavía se está guardando un PDF; espere a que termine.</translation>
    </message>
    <message>
        <source>Saving {file}…</source>
        <translation>Guardando {file}…</translation>
    </message>
    <message>
        <source>Saved 1 page to {file}.</source>
        <translation>Se guardó 1 página en {file}.</translation>
    </message>
    <message>
        <source>Saved {count} pages to {file}.</source>
        <translation>Se guardaron {count} páginas en {file}.</translation>
    </message>
    <message>
        <source>{count} resource(s) no longer in the catalog are marked.</source>
        <translation>Se marcan {count} recurso(s) que ya no están en el catálogo.</translation>
    </message>
    <message>
        <source>Save sheet as PDF</source>
        <translation>Guardar hoja como PDF</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>Enviada a la impresora.</translation>
    </message>
    <message>
        <source>Saved the sheet as “{name}”.</source>
        <translation>Se guardó la hoja como “{name}”.</translation>
    </message>
    <message>
        <source>Choose a saved sheet to open.</source>
        <translation>Elija una hoja guardada para abrirla.</translation>
    </message>
    <message>
        <source>Opened “{name}”.</source>
        <translation>Se abrió “{name}”.</translation>
    </message>
    <message>
        <source>Deleted the saved sheet “{name}”.</source>
        <translation>Se eliminó la hoja guardada “{name}”.</translation>
    </message>
    <message>
        <source>Save sheet</source>
        <translation>Guardar hoja</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Nombre:</translation>
    </message>
    <message>
        <source>Delete saved sheet</source>
        <translation>Eliminar hoja guardada</translation>
    </message>
    <message>
        <source>Delete “{name}”?</source>
        <translation>¿Eliminar “{name}”?</translation>
    </message>
</context>
<context>
    <name>SheetPreviewDialog</name>
    <message>
        <source>Resource sheet preview</source>
        <translation>Vista previa de la hoja de recursos</translation>
    </message>
</context>
<context>
    <name>Sheets</name>
    <message>
        <source>A sheet title can be at most {most} characters long.</source>
        <translation>El título de una hoja puede tener como máximo {most} caracteres.</translation>
    </message>
    <message>
        <source>Each agency header field can be at most {most} characters long.</source>
        <translation>Cada campo del encabezado de la agencia puede tener como máximo {most} caracteres.</translation>
    </message>
    <message>
        <source>The note can be at most {most} characters long.</source>
        <translation>La nota puede tener como máximo {most} caracteres.</translation>
    </message>
    <message>
        <source>The sheet&apos;s {name} must be {allowed}.</source>
        <translation>El valor «{name}» de la hoja debe ser {allowed}.</translation>
    </message>
    <message>
        <source>No resource on this discreet sheet has a discreet name yet, so it would print nothing; add a hotline or turn the hotlines block on.</source>
        <translation>Ningún recurso de esta hoja discreta tiene todavía un nombre discreto, así que no se imprimiría nada; agregue una línea de ayuda o active el bloque de líneas de ayuda.</translation>
    </message>
    <message>
        <source>The discreet names cannot be read, so no discreet sheet can be made: {problem}.</source>
        <translation>No se pueden leer los nombres discretos, así que no se puede hacer ninguna hoja discreta: {problem}.</translation>
    </message>
    <message>
        <source>A discreet sheet never prints “{word}”: reword the {what}, or make the sheet an ordinary one.</source>
        <translation>Una hoja discreta nunca imprime «{word}»: cambie la redacción {what} o haga una hoja común.</translation>
    </message>
    <message>
        <source>The discreet sheet would print “{word}”, so it was not made.</source>
        <translation>La hoja discreta imprimiría «{word}», así que no se hizo.</translation>
    </message>
    <message>
        <source>title</source>
        <translation>del título</translation>
    </message>
    <message>
        <source>note</source>
        <translation>de la nota</translation>
    </message>
    <message>
        <source>agency header</source>
        <translation>del encabezado de la agencia</translation>
    </message>
</context>
<context>
    <name>Storage</name>
    <message>
        <source>The catalog database {path} is a folder, not a file; move or remove that folder and try again (it is rebuilt from the bundled catalog).</source>
        <translation>La base de datos del catálogo {path} es una carpeta, no un archivo; mueva o elimine esa carpeta y vuelva a intentarlo (se reconstruye a partir del catálogo incluido).</translation>
    </message>
    <message>
        <source>The catalog source has {count} problem(s); run &apos;csec-catalog validate&apos; to see them.</source>
        <translation>El origen del catálogo tiene {count} problema(s); ejecute «csec-catalog validate» para verlos.</translation>
    </message>
    <message>
        <source>The data folder {directory} is read-only and its catalog is {reason}, so it cannot be built there; make the folder writable or choose another.</source>
        <translation>La carpeta de datos {directory} es de solo lectura y la base de datos de su catálogo está {reason}, así que no se puede crear allí; permita escribir en la carpeta o elija otra.</translation>
    </message>
    <message>
        <source>The catalog database {path} is {reason} and there is no source.</source>
        <translation>La base de datos del catálogo {path} está {reason} y no hay origen.</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>ausente</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>dañada</translation>
    </message>
    <message>
        <source>of another schema</source>
        <translation>en otro esquema</translation>
    </message>
    <message>
        <source>older than its source</source>
        <translation>desactualizada respecto a su origen</translation>
    </message>
    <message>
        <source>to be rebuilt</source>
        <translation>pendiente de reconstruir</translation>
    </message>
    <message>
        <source>Your saved data was written by a newer version of CSEC Resource Desk; please update the application.</source>
        <translation>Sus datos guardados los escribió una versión más reciente de CSEC Resource Desk; actualice la aplicación.</translation>
    </message>
    <message>
        <source>Upgrading your saved data to version {number} would leave {count} row(s) of {table} referring to nothing, so it stays at version {before}.</source>
        <translation>Actualizar sus datos guardados a la versión {number} dejaría {count} fila(s) de {table} sin referencia, así que siguen en la versión {before}.</translation>
    </message>
    <message>
        <source>Your saved favorites, notes and searches could not be read, so the damaged file was kept as {kept}. The newest backup is from {when}.</source>
        <translation>No se pudieron leer sus favoritos, notas y búsquedas guardados, así que el archivo dañado se guardó como {kept}. La copia de seguridad más reciente es del {when}.</translation>
    </message>
    <message>
        <source>Your saved favorites, notes and searches could not be read, so the damaged file was kept as {kept}. There is no backup to restore.</source>
        <translation>No se pudieron leer sus favoritos, notas y búsquedas guardados, así que el archivo dañado se guardó como {kept}. No hay ninguna copia de seguridad que restaurar.</translation>
    </message>
    <message>
        <source>Your saved data in the read-only folder {folder} is missing or cannot be read, and nothing can be repaired there; make the folder writable.</source>
        <translation>Sus datos guardados en la carpeta de solo lectura {folder} no están o no se pueden leer, y allí no se puede reparar nada; permita escribir en la carpeta.</translation>
    </message>
    <message>
        <source>Your saved data in the read-only folder {folder} is of another version and cannot be upgraded there; make the folder writable.</source>
        <translation>Sus datos guardados en la carpeta de solo lectura {folder} son de otra versión y allí no se pueden actualizar; permita escribir en la carpeta.</translation>
    </message>
    <message>
        <source>The backup {name} cannot be read either.</source>
        <translation>Tampoco se puede leer la copia de seguridad {name}.</translation>
    </message>
    <message>
        <source>Your agency&apos;s local resources could not be brought into the catalog ({reason}), so the catalog is unchanged; they are safe in your saved data.</source>
        <translation>Los recursos locales de su agencia no se pudieron incorporar al catálogo ({reason}), así que el catálogo no ha cambiado; siguen a salvo en sus datos guardados.</translation>
    </message>
    <message>
        <source>The data folder {folder} is read-only, so the desk opens for reading only: you can search and print, but nothing can be saved or changed.</source>
        <translation>La carpeta de datos {folder} es de solo lectura, así que el escritorio se abre solo para consulta: puede buscar e imprimir, pero no se puede guardar ni cambiar nada.</translation>
    </message>
    <message>
        <source>Your saved data is read-only (the data folder or user.sqlite cannot be written), so nothing can be saved or changed; everything saved before is unchanged.</source>
        <translation>Sus datos guardados son de solo lectura (no se puede escribir en la carpeta de datos o en user.sqlite), así que no se puede guardar ni cambiar nada; todo lo guardado antes sigue igual.</translation>
    </message>
    <message>
        <source>The disk is full, so nothing could be saved; nothing was changed.</source>
        <translation>El disco está lleno, así que no se pudo guardar nada; no se cambió nada.</translation>
    </message>
    <message>
        <source>The database could not be used ({problem}); nothing was changed.</source>
        <translation>No se pudo usar la base de datos ({problem}); no se cambió nada.</translation>
    </message>
    <message>
        <source>{folder} is on a read-only drive, so nothing was written there or changed.</source>
        <translation>{folder} está en una unidad de solo lectura, así que no se escribió ni se cambió nada allí.</translation>
    </message>
    <message>
        <source>Unexpected error ({kind}); the details are in {log}; please report it.</source>
        <translation>Error inesperado ({kind}); los detalles están en {log}; por favor, infórmenos.</translation>
    </message>
    <message>
        <source>Unexpected error ({kind}); no log could be written; please report it.</source>
        <translation>Error inesperado ({kind}); no se pudo escribir ningún registro; por favor, infórmenos.</translation>
    </message>
    <message>
        <source>Your saved data could not be written (the disk may be full, or user.sqlite locked or read-only); nothing was changed.</source>
        <translation>No se pudieron escribir sus datos guardados (puede que el disco esté lleno o que user.sqlite esté bloqueado o sea de solo lectura); no se cambió nada.</translation>
    </message>
</context>
<context>
    <name>Updates</name>
    <message>
        <source>The update was cancelled; the catalog is unchanged.</source>
        <translation>Se canceló la actualización; el catálogo no ha cambiado.</translation>
    </message>
    <message>
        <source>The bundle holds catalog version {version} ({date}), older than the installed catalog {installed}, so importing it would roll the catalog back.</source>
        <translation>El paquete contiene la versión {version} del catálogo ({date}), anterior al catálogo instalado, {installed}, así que importarlo haría retroceder el catálogo.</translation>
    </message>
    <message>
        <source>version {version} ({date})</source>
        <translation>versión {version} ({date})</translation>
    </message>
    <message>
        <source>The data directory {directory} is read-only, so the catalog cannot be updated.</source>
        <translation>La carpeta de datos {directory} es de solo lectura, así que no se puede actualizar el catálogo.</translation>
    </message>
    <message>
        <source>There is not enough free disk space in {directory} to update the catalog, so it is unchanged.</source>
        <translation>No hay espacio libre suficiente en {directory} para actualizar el catálogo, así que no ha cambiado.</translation>
    </message>
    <message>
        <source>The data directory {directory} cannot be written (permission denied), so the catalog is unchanged.</source>
        <translation>No se puede escribir en la carpeta de datos {directory} (permiso denegado), así que el catálogo no ha cambiado.</translation>
    </message>
    <message>
        <source>The catalog could not be updated ({problem}), so it is unchanged.</source>
        <translation>No se pudo actualizar el catálogo ({problem}), así que no ha cambiado.</translation>
    </message>
    <message>
        <source>There is no catalog update to undo.</source>
        <translation>No hay ninguna actualización del catálogo que deshacer.</translation>
    </message>
    <message>
        <source>The previous catalog {name} is damaged, so the update cannot be undone.</source>
        <translation>El catálogo anterior, {name}, está dañado, así que no se puede deshacer la actualización.</translation>
    </message>
</context>
<context>
    <name>UserData</name>
    <message>
        <source>A note can be at most {most} characters long.</source>
        <translation>Una nota puede tener como máximo {most} caracteres.</translation>
    </message>
    <message>
        <source>A saved search needs a name.</source>
        <translation>Una búsqueda guardada necesita un nombre.</translation>
    </message>
    <message>
        <source>A saved sheet needs a name.</source>
        <translation>Una hoja guardada necesita un nombre.</translation>
    </message>
    <message>
        <source>A name can be at most {most} characters long.</source>
        <translation>Un nombre puede tener como máximo {most} caracteres.</translation>
    </message>
    <message>
        <source>The theme must be one of {choices}.</source>
        <translation>El tema debe ser uno de estos: {choices}.</translation>
    </message>
    <message>
        <source>The language must be one of {choices}.</source>
        <translation>El idioma debe ser uno de estos: {choices}.</translation>
    </message>
    <message>
        <source>The {name} must be a whole number from {low} to {high}.</source>
        <translation>El valor de «{name}» debe ser un número entero entre {low} y {high}.</translation>
    </message>
    <message>
        <source>text size</source>
        <translation>tamaño del texto</translation>
    </message>
    <message>
        <source>months before facts count as old</source>
        <translation>meses hasta que los datos se consideran antiguos</translation>
    </message>
</context>
<context>
    <name>agency_link</name>
    <message>
        <source>This desk is not connected to an agency server; connect it in Settings → Agency server.</source>
        <translation>Este equipo no está conectado a un servidor de la agencia; conéctelo en Configuración → Servidor de la agencia.</translation>
    </message>
    <message>
        <source>Sync with the agency server stopped; it goes on from there next time.</source>
        <translation>La sincronización con el servidor de la agencia se detuvo; la próxima vez continúa desde ahí.</translation>
    </message>
    <message>
        <source>Synced with the agency server: 1 resource updated</source>
        <translation>Sincronizado con el servidor de la agencia: 1 recurso actualizado</translation>
    </message>
    <message>
        <source>Synced with the agency server: {count} resources updated</source>
        <translation>Sincronizado con el servidor de la agencia: {count} recursos actualizados</translation>
    </message>
    <message>
        <source>, 1 change sent</source>
        <translation>, 1 cambio enviado</translation>
    </message>
    <message>
        <source>, {count} changes sent</source>
        <translation>, {count} cambios enviados</translation>
    </message>
    <message>
        <source>, 1 conflict to decide</source>
        <translation>, 1 conflicto por decidir</translation>
    </message>
    <message>
        <source>, {count} conflicts to decide</source>
        <translation>, {count} conflictos por decidir</translation>
    </message>
    <message>
        <source>Connecting to the agency server</source>
        <translation>Conectando con el servidor de la agencia</translation>
    </message>
    <message>
        <source>This desk could not save the agency server&apos;s address ({reason}).</source>
        <translation>Este equipo no pudo guardar la dirección del servidor de la agencia ({reason}).</translation>
    </message>
    <message>
        <source>The agency&apos;s changes could not be saved on this desk ({error}); what was saved before stays, and the next sync goes on from there.</source>
        <translation>Los cambios de la agencia no se pudieron guardar en este equipo ({error}); lo guardado antes se conserva y la próxima sincronización continúa desde ahí.</translation>
    </message>
</context>
<context>
    <name>agency_panel</name>
    <message>
        <source>No agency lists (connect in Edit → Agency server)</source>
        <translation>No hay listas de la agencia (conéctese en Editar → Servidor de la agencia)</translation>
    </message>
    <message>
        <source>Put list on sheet</source>
        <translation>Poner la lista en la hoja</translation>
    </message>
    <message>
        <source>{id} (not in this catalog)</source>
        <translation>{id} (no está en este catálogo)</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>{damaged} Restore that backup now? (No: ask again at the next start; Discard: start anew with empty saved data.)</source>
        <translation>{damaged} ¿Restaurar esa copia de seguridad ahora? (No: volver a preguntar en el próximo inicio; Descartar: empezar de nuevo sin datos guardados.)</translation>
    </message>
    <message>
        <source>Rebuilding the damaged catalog</source>
        <translation>Reconstruyendo el catálogo dañado</translation>
    </message>
    <message>
        <source>Preparing the catalog</source>
        <translation>Preparando el catálogo</translation>
    </message>
    <message>
        <source>Opening the catalog</source>
        <translation>Abriendo el catálogo</translation>
    </message>
</context>
<context>
    <name>catalog_update</name>
    <message>
        <source>Import catalog update</source>
        <translation>Importar actualización del catálogo</translation>
    </message>
    <message>
        <source>Undo catalog update</source>
        <translation>Deshacer actualización del catálogo</translation>
    </message>
    <message>
        <source>{error} Import it anyway? Do this only if you trust where the file came from.</source>
        <translation>{error} ¿Importarla de todos modos? Hágalo solo si confía en la procedencia del archivo.</translation>
    </message>
    <message>
        <source>Catalog updates (*.zip);;All files (*)</source>
        <translation>Actualizaciones del catálogo (*.zip);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Comparing with the installed catalog</source>
        <translation>Comparando con el catálogo instalado</translation>
    </message>
    <message>
        <source>Applying the catalog update</source>
        <translation>Aplicando la actualización del catálogo</translation>
    </message>
    <message>
        <source>Put back the catalog as it was before the last update? Your favorites, notes and local resources are kept.</source>
        <translation>¿Volver al catálogo como estaba antes de la última actualización? Sus favoritos, notas y recursos locales se conservan.</translation>
    </message>
    <message>
        <source>Restoring the previous catalog</source>
        <translation>Restaurando el catálogo anterior</translation>
    </message>
</context>
<context>
    <name>partner_import</name>
    <message>
        <source>Import partner directory</source>
        <translation>Importar directorio de una organización asociada</translation>
    </message>
    <message>
        <source>Partner directories (datapackage.json *.zip *.csv *.json);;HSDS package folder (datapackage.json);;HSDS package zip (*.zip);;CSV in the export&apos;s columns (*.csv);;HSDS JSON (*.json);;All files (*)</source>
        <translation>Directorios de organizaciones asociadas (datapackage.json *.zip *.csv *.json);;Carpeta de paquete HSDS (datapackage.json);;Paquete HSDS en zip (*.zip);;CSV con las columnas de la exportación (*.csv);;HSDS JSON (*.json);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Reading {file}</source>
        <translation>Leyendo {file}</translation>
    </message>
    <message>
        <source>Adding local resources</source>
        <translation>Agregando recursos locales</translation>
    </message>
    <message>
        <source>{added} local resource(s) added and {updated} updated from {name}.</source>
        <translation>Se agregaron {added} recurso(s) local(es) y se actualizaron {updated} desde {name}.</translation>
    </message>
    <message>
        <source>{count} could not be saved.</source>
        <translation>{count} no se pudieron guardar.</translation>
    </message>
    <message>
        <source>Edit → Undo partner import takes it back later too.</source>
        <translation>También puede deshacerla más tarde con Editar → Deshacer importación de directorio asociado.</translation>
    </message>
    <message>
        <source>Undo import</source>
        <translation>Deshacer importación</translation>
    </message>
</context>
<context>
    <name>partner_undo</name>
    <message>
        <source>Undo partner import</source>
        <translation>Deshacer importación de directorio asociado</translation>
    </message>
    <message>
        <source>Undoing the import</source>
        <translation>Deshaciendo la importación</translation>
    </message>
    <message>
        <source>Undo the import of {name}? The {added} local resource(s) it added are removed and the {updated} it updated are put back as they were before it; changes made to them since are lost.</source>
        <translation>¿Deshacer la importación de {name}? Se quitan los {added} recursos locales que agregó y los {updated} que actualizó vuelven a estar como antes; se pierden los cambios hechos en ellos desde entonces.</translation>
    </message>
    <message>
        <source>Undo partner import “{name}”…</source>
        <translation>Deshacer importación de directorio asociado “{name}”…</translation>
    </message>
</context>
<context>
    <name>progress</name>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
</context>
</TS>
